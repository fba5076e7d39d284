/**
 * Who may talk to the workbench. It is a server even on localhost: any web page the user
 * visits can send requests to 127.0.0.1, and a DNS-rebinding site can even read the
 * answers. So every request must carry the token printed at start (query, cookie or
 * `Authorization: token …`), name the served address as its Host, and, when it says where
 * it comes from (Origin), come from the workbench page itself.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export interface Gate {
  token: string;
  /** `host:port` values a request's Host header may have. */
  hosts: ReadonlySet<string>;
  /** The cookie carrying the token: per port, since cookies do not tell ports apart. */
  cookie: string;
  /** Bound to every address (0.0.0.0, ::): any IP address at the port is the workbench, no host name is. */
  port: number | null;
}

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

/** The Host values that reach this server without a proxy or a foreign DNS name. */
export function gateFor(token: string, host: string, port: number): Gate {
  const names = new Set([host.includes(':') ? `[${host}]` : host]);
  const wildcard = host === '0.0.0.0' || host === '::';
  // Loopback names reach a loopback or wildcard bind.
  if (wildcard || ['127.0.0.1', 'localhost', '::1'].includes(host)) for (const n of ['127.0.0.1', 'localhost', '[::1]']) names.add(n);
  return { token, hosts: new Set([...names].map((n) => `${n}:${port}`)), cookie: `pubtable-token-${port}`, port: wildcard ? port : null };
}

/**
 * Whether `host` (a Host header, or an Origin without its scheme) names this server. On a
 * wildcard address only IP literals do: a DNS-rebinding attack needs a host name.
 */
function served(host: string, gate: Gate): boolean {
  if (gate.hosts.has(host)) return true;
  if (gate.port === null) return false;
  const m = /^(?:\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-fA-F:.]+\]):(\d+)$/.exec(host);
  return m !== null && Number(m[1]) === gate.port;
}

export type Admission = { ok: true; fromQuery: boolean } | { ok: false; status: number; message: string };

export function admit(req: IncomingMessage, url: URL, gate: Gate): Admission {
  if (!served(req.headers.host ?? '', gate)) {
    return { ok: false, status: 403, message: '拒绝访问：请求的主机名不是工作台的地址（HOST_REFUSED）' };
  }
  const origin = req.headers.origin;
  if (origin !== undefined && !(origin.startsWith('http://') && served(origin.slice('http://'.length), gate))) {
    return { ok: false, status: 403, message: '拒绝访问：请求来自其他网站（ORIGIN_REFUSED）' };
  }
  const fromQuery = url.searchParams.get('token');
  if (fromQuery !== null && same(fromQuery, gate.token)) return { ok: true, fromQuery: true };
  if (same(cookieValue(req.headers.cookie, gate.cookie) ?? '', gate.token)) return { ok: true, fromQuery: false };
  const auth = /^token\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (auth && same(auth[1]!, gate.token)) return { ok: true, fromQuery: false };
  return { ok: false, status: 403, message: '拒绝访问：缺少或错误的令牌，请打开 pubtable serve 打印的完整地址（TOKEN_REQUIRED）' };
}

/** The cookie that lets the page's own requests (assets, events, downloads) through. */
export function tokenCookie(gate: Gate): string {
  return `${gate.cookie}=${gate.token}; HttpOnly; SameSite=Strict; Path=/`;
}

/** Constant-time comparison, so the token cannot be guessed a character at a time. */
function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

/** Headers on every answer: nothing cached, no referrer (the first URL holds the token), no sniffing. */
export const COMMON_HEADERS: Readonly<Record<string, string>> = {
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** The page: its own scripts and styles only, talking only to this server, framing only its own previews. */
export const PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; frame-src 'self'; " +
  "form-action 'none'; base-uri 'none'; frame-ancestors 'none'";

/** A preview (an HTML writer page, made from records): no script at all, its one inline style by hash. */
export function previewCsp(styleHash: string): string {
  return `default-src 'none'; style-src '${styleHash}'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'`;
}

/** A built file shown in the page (the PDF tab) or downloaded; not sandboxed, where Chromium would refuse to show a PDF. */
export const FILE_CSP = "default-src 'none'; frame-ancestors 'self'";
