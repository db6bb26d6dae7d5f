/**
 * The transport's defences: which client address is believed behind a proxy, HSTS only over HTTPS,
 * the API's description for signed-in users unless published, and silent connections closed.
 */
import { connect } from 'node:net';
import { brotliDecompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig, trustProxyOf } from '../config.js';
import { buildTestApp, DEMO_PASSWORD, dialects, lastAudit, login, type TestApp } from '../test/helpers.js';

const wrongLogin = (t: TestApp, headers: Record<string, string>, remoteAddress?: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username: 'city', password: 'Wrong#pass1x' },
    headers,
    ...(remoteAddress ? { remoteAddress } : {}),
  });

describe.each(dialects())(
  'behind a reverse proxy (TRUST_PROXY=true: a proxy on this server; %s)',
  (dialect) => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(dialect, { loginRateLimit: 3, app: { trustProxy: trustProxyOf('true') } });
    });
    afterAll(() => t.close());

    it('logs the address the proxy saw, not the one the client wrote into X-Forwarded-For', async () => {
      // The client sent "X-Forwarded-For: 6.6.6.6"; nginx on loopback appended the real peer.
      await wrongLogin(t, { 'x-forwarded-for': '6.6.6.6, 10.0.0.1' });
      const [entry] = await lastAudit(t.db);
      expect(entry).toMatchObject({ action: 'auth.login_failed', ip: '10.0.0.1' });
    });

    it('rate-limits the real client however it varies its own X-Forwarded-For entries', async () => {
      const codes: number[] = [];
      for (const spoof of ['1.1.1.1', '2.2.2.2', '3.3.3.3', '4.4.4.4'])
        codes.push((await wrongLogin(t, { 'x-forwarded-for': `${spoof}, 10.0.0.9` })).statusCode);
      expect(codes).toEqual([401, 401, 401, 429]);
    });

    it('believes no forwarded header from a peer that is not the configured proxy', async () => {
      await wrongLogin(t, { 'x-forwarded-for': '10.0.0.77' }, '192.0.2.7');
      const [entry] = await lastAudit(t.db);
      expect(entry!.ip).toBe('192.0.2.7');
    });

    it('sends HSTS only on answers that went out over HTTPS', async () => {
      const plain = await t.app.inject({ method: 'GET', url: '/api/health' });
      expect(plain.headers['strict-transport-security']).toBeUndefined();
      const https = await t.app.inject({
        method: 'GET',
        url: '/api/health',
        headers: { 'x-forwarded-proto': 'https' },
      });
      expect(https.headers['strict-transport-security']).toMatch(/max-age=\d+/);
      // A stranger's "X-Forwarded-Proto: https" does not count.
      const spoofed = await t.app.inject({
        method: 'GET',
        url: '/api/health',
        headers: { 'x-forwarded-proto': 'https' },
        remoteAddress: '192.0.2.7',
      });
      expect(spoofed.headers['strict-transport-security']).toBeUndefined();
    });
  },
);

describe('TRUST_PROXY values', () => {
  it('takes true, addresses and ranges; refuses hop counts and nonsense, naming the value', () => {
    expect(trustProxyOf(undefined)).toBe(false);
    expect(trustProxyOf('false')).toBe(false);
    expect(trustProxyOf('true')).toBe('loopback');
    expect(trustProxyOf('10.0.0.1, 192.168.0.0/16,::1')).toBe('10.0.0.1,192.168.0.0/16,::1');
    expect(() => trustProxyOf('2')).toThrow(/"2"/);
    expect(() => trustProxyOf('10.0.0.0/40')).toThrow(/10\.0\.0\.0\/40/);
    expect(() => readConfig({ TRUST_PROXY: 'nginx' })).toThrow(/TRUST_PROXY/);
  });
});

describe('the API description', () => {
  let t: TestApp;
  let open: TestApp;
  beforeAll(async () => {
    t = await buildTestApp('sqlite');
    open = await buildTestApp('sqlite', { app: { apiDocsPublic: true } });
  });
  afterAll(async () => {
    await t.close();
    await open.close();
  });

  it('is for signed-in users by default', async () => {
    for (const url of ['/api/openapi.json', '/api/docs/', '/api/docs/json'])
      expect((await t.app.inject({ method: 'GET', url })).statusCode, url).toBe(401);
    const s = await login(t.app, 'taishan', DEMO_PASSWORD);
    expect((await s.call('GET', '/api/openapi.json')).json().openapi).toMatch(/^3\./);
    expect((await s.call('GET', '/api/docs/')).statusCode).toBe(200);
  });

  it('is public when the deployment publishes it (INVESTTRACK_API_DOCS=public)', async () => {
    expect((await open.app.inject({ method: 'GET', url: '/api/openapi.json' })).statusCode).toBe(200);
    expect(readConfig({ INVESTTRACK_API_DOCS: 'public' }).apiDocsPublic).toBe(true);
    expect(readConfig({}).apiDocsPublic).toBe(false);
    expect(() => readConfig({ INVESTTRACK_API_DOCS: 'yes' })).toThrow(/INVESTTRACK_API_DOCS/);
  });
});

describe('silent connections', () => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    t = await buildTestApp('sqlite', { app: { idleTimeoutSeconds: 1 } });
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = Number(new URL(address).port);
  });
  afterAll(() => t.close());

  /** Opens sockets that send `bytes` and nothing more; resolves with how many the server closed. */
  const closedByServer = (count: number, bytes: string) =>
    Promise.all(
      Array.from(
        { length: count },
        () =>
          new Promise<boolean>((resolve) => {
            const socket = connect(port, '127.0.0.1', () => {
              if (bytes) socket.write(bytes);
            });
            const giveUp = setTimeout(() => {
              socket.destroy();
              resolve(false);
            }, 20_000);
            socket.on('close', () => {
              clearTimeout(giveUp);
              resolve(true);
            });
            socket.on('error', () => {});
          }),
      ),
    ).then((closed) => closed.filter(Boolean).length);

  it('are closed by the server: those that never send a request, and those stalled in one', async () => {
    expect(await closedByServer(20, '')).toBe(20);
    expect(await closedByServer(5, 'GET /api/health HTTP/1.1\r\nHost: x\r\n')).toBe(5);
  });

  it('defaults to 30 seconds, set by INVESTTRACK_IDLE_TIMEOUT_SECONDS', () => {
    expect(readConfig({}).idleTimeoutSeconds).toBe(30);
    expect(readConfig({ INVESTTRACK_IDLE_TIMEOUT_SECONDS: '10' }).idleTimeoutSeconds).toBe(10);
    expect(() => readConfig({ INVESTTRACK_IDLE_TIMEOUT_SECONDS: '0' })).toThrow(/IDLE_TIMEOUT/);
  });
});

describe('compressed answers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp('sqlite');
  });
  afterAll(() => t.close());

  it('sends JSON in brotli to a browser that accepts it, the same answer as plain', async () => {
    const s = await login(t.app, 'city', DEMO_PASSWORD);
    const url = '/api/orgs';
    const plain = await s.call('GET', url);
    expect(plain.headers['content-encoding']).toBeUndefined();
    const br = await s.call('GET', url, undefined, { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    const body = brotliDecompressSync(br.rawPayload);
    expect(JSON.parse(body.toString('utf8'))).toEqual(plain.json());
    expect(br.rawPayload.length).toBeLessThan(body.length / 3);
  });

  it('never compresses an answer that carries a secret (sign-in, the session, an authenticator)', async () => {
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'city', password: DEMO_PASSWORD },
      headers: { 'accept-encoding': 'br, gzip' },
    });
    expect(login.statusCode).toBe(200);
    expect(login.headers['content-encoding']).toBeUndefined();
    expect(login.json().csrfToken).toEqual(expect.any(String));
    const cookie = `it_sid=${login.cookies.find((c) => c.name === 'it_sid')!.value}`;
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { cookie, 'accept-encoding': 'br, gzip' },
    });
    expect(me.statusCode).toBe(200);
    expect(me.headers['content-encoding']).toBeUndefined();
  });

  it('does not inflate a compressed request body: the raw bytes are not JSON', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: gzipSync(JSON.stringify({ username: 'city', password: DEMO_PASSWORD })),
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.cookies.find((c) => c.name === 'it_sid')).toBeUndefined();
  });
});
