/**
 * Loaded with `node --import` into each benchmarked process: on exit it records the
 * process's peak resident memory (all threads) where the benchmark asked for it.
 */
import { writeFileSync } from 'node:fs';

const target = process.env.PUBTABLE_RSS_FILE;
if (target) process.on('exit', () => writeFileSync(target, String(process.resourceUsage().maxRSS * 1024)));
