/** The gate's rules on their own: which Host and Origin values name the served address, and where the token may come from. */
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { admit, COMMON_HEADERS, gateFor, tokenCookie } from '../../src/server/security.js';

const TOKEN = 'a'.repeat(32);
const ask = (gate: ReturnType<typeof gateFor>, headers: Record<string, string>) =>
  admit({ headers: { authorization: `token ${TOKEN}`, ...headers } } as unknown as IncomingMessage, new URL('http://x/'), gate);
const status = (a: ReturnType<typeof admit>) => (a.ok ? 200 : a.status);
/** A request with only these headers (no token unless they carry one), at `path`. */
const bare = (gate: ReturnType<typeof gateFor>, headers: Record<string, string>, path = '/') =>
  admit({ headers: { host: '127.0.0.1:8600', ...headers } } as unknown as IncomingMessage, new URL(`http://x${path}`), gate);

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

  it('bound to localhost or [::1]: the three loopback names at the port, and each bind name as written', () => {
    for (const bind of ['localhost', '::1']) {
      const gate = gateFor(TOKEN, bind, 8600);
      expect([...gate.hosts].sort()).toEqual(['127.0.0.1:8600', '[::1]:8600', 'localhost:8600']);
      expect(gate.port).toBeNull();
      expect(status(ask(gate, { host: '10.0.0.1:8600' })), bind).toBe(403);
    }
    expect([...gateFor(TOKEN, 'fe80::2', 8600).hosts]).toEqual(['[fe80::2]:8600']);
  });

  it('on a wildcard address: an IP literal only as the whole Host, at exactly the port', () => {
    const gate = gateFor(TOKEN, '0.0.0.0', 8600);
    expect(gate.port).toBe(8600);
    for (const host of ['x192.168.1.5:8600', '192.168.1.5:86000', '192.168.1.5:8600x', '1.2.3:8600', '[::1]x:8600']) expect(status(ask(gate, { host })), host).toBe(403);
  });

  it('takes the token from the query (saying so), the page’s cookie for this port, or `Authorization: token …` in any case', () => {
    const gate = gateFor(TOKEN, '127.0.0.1', 8600);
    expect(bare(gate, {}, `/?token=${TOKEN}`)).toEqual({ ok: true, fromQuery: true });
    expect(bare(gate, { cookie: `theme=dark; pubtable-token-8600=${TOKEN}; x=1` })).toEqual({ ok: true, fromQuery: false });
    expect(bare(gate, { authorization: `Token ${TOKEN}` })).toEqual({ ok: true, fromQuery: false });
    expect(bare(gate, { authorization: `token   ${TOKEN}` })).toEqual({ ok: true, fromQuery: false });
    const refused = { ok: false, status: 403, message: '拒绝访问：缺少或错误的令牌，请打开 pubtable serve 打印的完整地址（TOKEN_REQUIRED）' };
    for (const headers of <Record<string, string>[]>[
      {},
      { cookie: `pubtable-token-8601=${TOKEN}` },
      { cookie: `xpubtable-token-8600=${TOKEN}` },
      { cookie: `pubtable-token-8600=${TOKEN}x` },
      { authorization: `Bearer ${TOKEN}` },
      { authorization: `token ${TOKEN} more` },
      { authorization: `token ${TOKEN.slice(1)}` },
    ]) expect(bare(gate, headers), JSON.stringify(headers)).toEqual(refused);
    expect(bare(gate, {}, `/?token=${TOKEN.slice(1)}`)).toEqual(refused);
  });

  it('says why it refuses a Host and an Origin', () => {
    const gate = gateFor(TOKEN, '127.0.0.1', 8600);
    expect(ask(gate, { host: 'evil.example:8600' })).toEqual({ ok: false, status: 403, message: '拒绝访问：请求的主机名不是工作台的地址（HOST_REFUSED）' });
    expect(ask(gate, { host: '127.0.0.1:8600', origin: 'http://evil.example' })).toEqual({ ok: false, status: 403, message: '拒绝访问：请求来自其他网站（ORIGIN_REFUSED）' });
  });

  it('sets its cookie for this port only, out of scripts’ reach, and never sent by other sites', () => {
    expect(tokenCookie(gateFor(TOKEN, '127.0.0.1', 8600))).toBe(`pubtable-token-8600=${TOKEN}; HttpOnly; SameSite=Strict; Path=/`);
  });

  it('answers everything uncached, without referrer, unsniffed, isolated from other origins', () => {
    expect(COMMON_HEADERS).toEqual({
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
      'X-Content-Type-Options': 'nosniff',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Resource-Policy': 'same-origin',
    });
  });
});
