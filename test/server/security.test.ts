/** The gate's rules on their own: which Host and Origin values name the served address. */
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { admit, gateFor } from '../../src/server/security.js';

const TOKEN = 'a'.repeat(32);
const ask = (gate: ReturnType<typeof gateFor>, headers: Record<string, string>) =>
  admit({ headers: { authorization: `token ${TOKEN}`, ...headers } } as unknown as IncomingMessage, new URL('http://x/'), gate);
const status = (a: ReturnType<typeof admit>) => (a.ok ? 200 : a.status);

describe('the gate', () => {
  it('on loopback: 127.0.0.1, localhost and [::1] at the port; nothing else', () => {
    const gate = gateFor(TOKEN, '127.0.0.1', 8600);
    for (const host of ['127.0.0.1:8600', 'localhost:8600', '[::1]:8600']) expect(status(ask(gate, { host })), host).toBe(200);
    for (const host of ['127.0.0.1:8601', '127.0.0.1', 'localhost.evil.example:8600', '192.168.1.5:8600', '']) expect(status(ask(gate, { host })), host).toBe(403);
  });

  it('on a wildcard address: any IP literal at the port, never a host name', () => {
    for (const bind of ['0.0.0.0', '::']) {
      const gate = gateFor(TOKEN, bind, 8600);
      for (const host of ['192.168.1.5:8600', '[fe80::1]:8600', 'localhost:8600']) expect(status(ask(gate, { host })), `${bind} ${host}`).toBe(200);
      for (const host of ['evil.example:8600', '192.168.1.5:8601', '192.168.1.5']) expect(status(ask(gate, { host })), `${bind} ${host}`).toBe(403);
      expect(status(ask(gate, { host: '192.168.1.5:8600', origin: 'http://192.168.1.5:8600' }))).toBe(200);
      expect(status(ask(gate, { host: '192.168.1.5:8600', origin: 'http://evil.example:8600' }))).toBe(403);
    }
  });

  it('on a named address: that name at the port', () => {
    const gate = gateFor(TOKEN, '192.168.1.5', 8600);
    expect(status(ask(gate, { host: '192.168.1.5:8600' }))).toBe(200);
    expect(status(ask(gate, { host: '192.168.1.6:8600' }))).toBe(403);
  });

  it('an Origin must be plain http on a served address', () => {
    const gate = gateFor(TOKEN, '127.0.0.1', 8600);
    expect(status(ask(gate, { host: '127.0.0.1:8600', origin: 'http://localhost:8600' }))).toBe(200);
    for (const origin of ['https://127.0.0.1:8600', 'null', 'file://', 'http://127.0.0.1:8600.evil.example']) {
      expect(status(ask(gate, { host: '127.0.0.1:8600', origin })), origin).toBe(403);
    }
  });
});
