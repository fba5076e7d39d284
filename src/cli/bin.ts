#!/usr/bin/env node
/** The `pubtable` executable: the command line of ./cli/main.ts as a process. */
import { hideBin } from 'yargs/helpers';
import { runCli } from './main.js';

// A reader that stops early (`pubtable validate x | head`) is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

void runCli(hideBin(process.argv)).then((code) => {
  process.exitCode = code;
});
