/**
 * The robots as their services document them, checked by a local HTTP receiver: the address and
 * body of each, the DingTalk and Feishu signatures and the generic webhook's HMAC header computed
 * here from the secret and timestamp as the services do; a receiver answering 500 or hanging
 * leads to retries and a failed row, never a stuck scheduler.
 */
import { createHmac } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { startWorker } from '../../jobs/index.js';
import { appForFile, login, orgIdByName, type Session, type TestApp } from '../../test/helpers.js';
import { type Answer, chatReceiver } from '../../test/receiver.js';
import { cutToBytes, WECOM_MAX_BYTES } from './bots.js';
import { enqueue } from './deliveries.js';

const OK: Answer = { status: 200, body: '{"errcode":0,"errmsg":"ok"}' };
const bot = chatReceiver(() => OK);
const received = bot.received;

describe('chat robots', () => {
  let t: TestApp;
  let admin: Session;
  let taishan: number;
  const file = appForFile('sqlite', { now: '2025-10-13T10:00:00+08:00' });
  const nowSeconds = String(Date.parse('2025-10-13T10:00:00+08:00') / 1000);
  beforeEach(async () => {
    t = await file.fresh();
    admin = await login(t.app, 'admin');
    taishan = await orgIdByName(t.db, '台山市');
    received.length = 0;
    bot.answer = () => OK;
  });

  const addChannel = async (kind: string, url: string, secret?: string, topics = ['daily']) => {
    const res = await admin.call('POST', '/api/channels', {
      orgId: taishan,
      kind,
      name: `${kind} 群`,
      url,
      secret,
      topics,
      enabled: true,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as number;
  };
  const test = async (id: number) => (await admin.call('POST', `/api/channels/${id}/test`)).json();

  it('企业微信: POST to the webhook with its key, markdown of at most 4096 bytes; errcode 0 is delivered', async () => {
    const id = await addChannel('wecom', `${bot.url}/cgi-bin/webhook/send?key=693a91f6-7xxx`);
    expect(await test(id)).toEqual({ delivered: true, error: null });
    const [r] = received;
    expect(r!.path).toBe('/cgi-bin/webhook/send');
    expect(r!.query.get('key')).toBe('693a91f6-7xxx');
    expect(r!.headers['content-type']).toContain('application/json');
    expect(r!.body).toEqual({
      msgtype: 'markdown',
      markdown: { content: expect.stringContaining('测试消息') },
    });
    // The service's own refusal is a failure with its words, in the delivery log.
    bot.answer = () => ({ status: 200, body: '{"errcode":93000,"errmsg":"invalid webhook url"}' });
    expect(await test(id)).toEqual({ delivered: false, error: 'errcode 93000: invalid webhook url' });
    const log = (await admin.call('GET', '/api/deliveries')).json().items;
    expect(log.map((d: { status: string }) => d.status)).toEqual(['failed', 'sent']);
    expect(Buffer.byteLength(cutToBytes('招'.repeat(3000), WECOM_MAX_BYTES))).toBeLessThanOrEqual(
      WECOM_MAX_BYTES,
    );
  });

  it('钉钉: access_token, timestamp in ms and sign = urlencoded Base64(HMAC-SHA256(secret, timestamp\\nsecret))', async () => {
    const secret = 'SEC000000000000000000000000000000000000000000000000000000000000000';
    const id = await addChannel('dingtalk', `${bot.url}/robot/send?access_token=tok123`, secret);
    expect(await test(id)).toEqual({ delivered: true, error: null });
    const [r] = received;
    expect(r!.path).toBe('/robot/send');
    expect(r!.query.get('access_token')).toBe('tok123');
    const timestamp = r!.query.get('timestamp')!;
    expect(timestamp).toBe(String(Date.parse('2025-10-13T10:00:00+08:00')));
    const expected = createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
    // searchParams decodes once: the raw query carries it URL-encoded, as the robot requires.
    expect(r!.query.get('sign')).toBe(expected);
    expect(r!.rawUrl).toContain(`sign=${encodeURIComponent(expected)}`);
    expect(r!.body).toMatchObject({
      msgtype: 'markdown',
      markdown: { title: 'InvestTrack 招商通：测试消息' },
    });
  });

  it('飞书: timestamp in seconds and sign = Base64(HMAC-SHA256 keyed by timestamp\\nsecret over nothing), an interactive card', async () => {
    bot.answer = () => ({ status: 200, body: '{"code":0,"msg":"success","data":{}}' });
    const secret = 'feishu-secret';
    const id = await addChannel('feishu', `${bot.url}/open-apis/bot/v2/hook/abc-123`, secret);
    expect(await test(id)).toEqual({ delivered: true, error: null });
    const [r] = received;
    expect(r!.path).toBe('/open-apis/bot/v2/hook/abc-123');
    expect(r!.body.timestamp).toBe(nowSeconds);
    expect(r!.body.sign).toBe(createHmac('sha256', `${nowSeconds}\n${secret}`).update('').digest('base64'));
    expect(r!.body).toMatchObject({
      msg_type: 'interactive',
      card: {
        header: { title: { content: 'InvestTrack 招商通：测试消息' } },
        elements: [{ tag: 'markdown' }],
      },
    });
    bot.answer = () => ({
      status: 200,
      body: '{"code":19021,"msg":"sign match fail or timestamp is not within one hour from current time"}',
    });
    expect((await test(id)).error).toBe(
      'code 19021: sign match fail or timestamp is not within one hour from current time',
    );
  });

  it('generic webhook: X-InvestTrack-Signature is sha256=hex HMAC-SHA256(secret, timestamp.body)', async () => {
    bot.answer = () => ({ status: 204, body: '' });
    const id = await addChannel('webhook', `${bot.url}/hooks/investtrack`, 'whsec');
    expect(await test(id)).toEqual({ delivered: true, error: null });
    const [r] = received;
    expect(r!.headers['x-investtrack-timestamp']).toBe(nowSeconds);
    const mac = createHmac('sha256', 'whsec').update(`${nowSeconds}.${r!.raw}`).digest('hex');
    expect(r!.headers['x-investtrack-signature']).toBe(`sha256=${mac}`);
    expect(r!.body).toMatchObject({ event: 'investtrack.message', title: 'InvestTrack 招商通：测试消息' });
  });

  it('a service answering 500 is retried with backoff, then the row is failed with the reason and the administrators told', async () => {
    bot.answer = () => ({ status: 500, body: 'busy' });
    const id = await addChannel('wecom', `${bot.url}/cgi-bin/webhook/send?key=k`);
    await t.db.kysely.transaction().execute((trx) =>
      enqueue(trx, id, 'daily', {
        title: '超期清单',
        markdown: '- JM-L-1',
        link: '/leads',
        dedupeKey: 'd1',
        now: t.clock.now(),
      }),
    );
    const worker = startWorker(t.db.kysely, t.clock, {
      publicUrl: 'https://zst.jiangmen.gov.cn/',
      loop: false,
      delivery: { backoffMs: [60_000, 120_000], timeoutMs: 2000 },
    });
    expect(await worker.sendDue()).toEqual({ sent: 0, retried: 1, failed: 0 });
    // Not due again until its backoff has passed.
    expect(await worker.sendDue()).toEqual({ sent: 0, retried: 0, failed: 0 });
    t.clock.advance(60_000);
    expect(await worker.sendDue()).toEqual({ sent: 0, retried: 1, failed: 0 });
    t.clock.advance(120_000);
    expect(await worker.sendDue()).toEqual({ sent: 0, retried: 0, failed: 1 });
    expect(received).toHaveLength(3);
    // The link back is absolute, from the configured address.
    expect((received[0]!.body.markdown as { content: string }).content).toContain(
      'https://zst.jiangmen.gov.cn/leads',
    );
    const row = await t.db.kysely.selectFrom('deliveries').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'failed', attempts: 3, last_error: 'HTTP 500: busy' });
    const told = (
      await (await login(t.app, 'admin')).call('GET', '/api/notifications?kind=delivery.failed')
    ).json();
    expect(told.items).toHaveLength(1);
    expect(told.items[0].body).toContain('HTTP 500');
  });

  it('a service that never answers times out; the scheduler keeps ticking meanwhile', async () => {
    bot.answer = () => 'hang';
    const id = await addChannel('wecom', `${bot.url}/cgi-bin/webhook/send?key=k`);
    await t.db.kysely.transaction().execute((trx) =>
      enqueue(trx, id, 'daily', {
        title: '清单',
        markdown: '-',
        link: null,
        dedupeKey: 'h1',
        now: t.clock.now(),
      }),
    );
    const worker = startWorker(t.db.kysely, t.clock, {
      publicUrl: null,
      loop: false,
      delivery: { backoffMs: [60_000], timeoutMs: 300 },
    });
    const sending = worker.sendDue();
    const ticked = await worker.scheduler.tick();
    expect(ticked.map((r) => r.job)).toContain('deadline-sweep');
    expect(await sending).toEqual({ sent: 0, retried: 1, failed: 0 });
    const row = await t.db.kysely.selectFrom('deliveries').selectAll().executeTakeFirstOrThrow();
    expect(row.last_error).toBe('no answer within 0.3 s');
    await worker.stop();
  });
});
