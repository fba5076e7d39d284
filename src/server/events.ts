/**
 * Server-sent events: the page keeps one connection open and hears when the records change
 * (`update`) and how a build is going (`build`). A comment every 15 s keeps proxies and
 * idle timeouts from closing it.
 */
import type { ServerResponse } from 'node:http';
import { COMMON_HEADERS } from './security.js';

export class EventHub {
  private readonly clients = new Set<ServerResponse>();
  private readonly beat = setInterval(() => this.write(': keep-alive\n\n'), 15_000).unref();

  add(res: ServerResponse): void {
    res.writeHead(200, { ...COMMON_HEADERS, 'Content-Type': 'text/event-stream; charset=utf-8', Connection: 'keep-alive' });
    res.write(': pubtable\n\n');
    this.clients.add(res);
    res.on('close', () => this.clients.delete(res));
  }

  send(event: string, data: unknown): void {
    this.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  close(): void {
    clearInterval(this.beat);
    for (const res of this.clients) res.end();
    this.clients.clear();
  }

  private write(text: string): void {
    for (const res of this.clients) res.write(text);
  }
}
