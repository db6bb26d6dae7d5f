/**
 * A local HTTP receiver standing in for a chat service's robot (tests): it records every request
 * as received — address, headers, raw and parsed body — and answers what the test says, or never.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';

export interface Received {
  rawUrl: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  raw: string;
  body: Record<string, unknown>;
}

export type Answer = { status: number; body: string } | 'hang';

/** Listens on a free port for the test file; `answer` may be replaced by each test. */
export function chatReceiver(answer: (r: Received) => Answer) {
  const r = {
    url: '',
    received: [] as Received[],
    answer,
  };
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => {
      raw += c;
    });
    req.on('end', () => {
      const url = new URL(req.url!, 'http://receiver');
      const got: Received = {
        rawUrl: req.url!,
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        raw,
        body: JSON.parse(raw),
      };
      r.received.push(got);
      const a = r.answer(got);
      if (a === 'hang') return;
      res.writeHead(a.status, { 'content-type': 'application/json' }).end(a.body);
    });
  });
  beforeAll(async () => {
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    r.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((ok) => server.close(ok));
  });
  return r;
}
