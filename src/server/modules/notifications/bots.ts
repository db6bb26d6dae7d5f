/**
 * The chat services' robots, as each documents them: the request (address, body, signature) and
 * what its answer means. One message shape — a title, Markdown and a link back — in each
 * service's own format:
 *  - 企业微信 group robot: POST the webhook address (…/cgi-bin/webhook/send?key=…) with
 *    {msgtype: "markdown", markdown: {content}}; content at most 4,096 bytes; answers {errcode: 0}.
 *  - 钉钉 custom robot: POST …/robot/send?access_token=… with {msgtype: "markdown", markdown:
 *    {title, text}}; with 加签, `&timestamp=<ms>&sign=<urlencoded Base64(HMAC-SHA256(secret,
 *    timestamp + "\n" + secret))>`; answers {errcode: 0}.
 *  - 飞书 custom bot: POST …/open-apis/bot/v2/hook/… with {msg_type: "interactive", card}; with
 *    签名校验, body fields timestamp (seconds) and sign = Base64(HMAC-SHA256 keyed by timestamp +
 *    "\n" + secret over nothing); answers {code: 0}.
 *  - A generic JSON webhook: POST {event, title, text, link, sentAt}; headers X-InvestTrack-Timestamp
 *    (seconds) and X-InvestTrack-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>.
 */
import { createHmac } from 'node:crypto';
import type { ChannelKind } from '../../../core/notifications.js';

export interface ChatMessage {
  title: string;
  /** Markdown the chat services share: headings, bold, links, lists. */
  markdown: string;
  /** An absolute address back into InvestTrack, when the server knows its own address. */
  link: string | null;
}

export interface ChannelTarget {
  kind: ChannelKind;
  url: string;
  secret: string | null;
}

export interface BotRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** WeCom's markdown content limit, in bytes of UTF-8. */
export const WECOM_MAX_BYTES = 4096;

/** Cuts text to at most `maxBytes` of UTF-8 without splitting a character, marking the cut. */
export function cutToBytes(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  const mark = '\n…';
  let out = '';
  let bytes = Buffer.byteLength(mark);
  for (const ch of text) {
    const b = Buffer.byteLength(ch);
    if (bytes + b > maxBytes) break;
    out += ch;
    bytes += b;
  }
  return out + mark;
}

function withLink(m: ChatMessage): string {
  return m.link ? `${m.markdown}\n\n[在招商通中查看](${m.link})` : m.markdown;
}

const hmacBase64 = (key: string, data: string) => createHmac('sha256', key).update(data).digest('base64');

/** The HTTP request that posts `message` to the channel, signed at `now`. */
export function botRequest(target: ChannelTarget, message: ChatMessage, now: Date): BotRequest {
  const json = { 'content-type': 'application/json; charset=utf-8' };
  const text = withLink(message);
  switch (target.kind) {
    case 'wecom':
      return {
        url: target.url,
        headers: json,
        body: JSON.stringify({
          msgtype: 'markdown',
          markdown: { content: cutToBytes(`### ${message.title}\n${text}`, WECOM_MAX_BYTES) },
        }),
      };
    case 'dingtalk': {
      const url = new URL(target.url);
      if (target.secret) {
        const timestamp = String(now.getTime());
        url.searchParams.set('timestamp', timestamp);
        // URLSearchParams encodes "+", "/" and "=" as the robot's documentation asks (urlEncode).
        url.searchParams.set('sign', hmacBase64(target.secret, `${timestamp}\n${target.secret}`));
      }
      return {
        url: url.toString(),
        headers: json,
        body: JSON.stringify({
          msgtype: 'markdown',
          markdown: { title: message.title, text: `### ${message.title}\n${text}` },
        }),
      };
    }
    case 'feishu': {
      const signed: Record<string, string> = {};
      if (target.secret) {
        const timestamp = String(Math.floor(now.getTime() / 1000));
        signed.timestamp = timestamp;
        signed.sign = hmacBase64(`${timestamp}\n${target.secret}`, '');
      }
      return {
        url: target.url,
        headers: json,
        body: JSON.stringify({
          ...signed,
          msg_type: 'interactive',
          card: {
            config: { wide_screen_mode: true },
            header: { title: { tag: 'plain_text', content: message.title }, template: 'blue' },
            elements: [{ tag: 'markdown', content: text }],
          },
        }),
      };
    }
    case 'webhook': {
      const timestamp = String(Math.floor(now.getTime() / 1000));
      const body = JSON.stringify({
        event: 'investtrack.message',
        title: message.title,
        text: message.markdown,
        link: message.link,
        sentAt: now.toISOString(),
      });
      const signature = createHmac('sha256', target.secret ?? '')
        .update(`${timestamp}.${body}`)
        .digest('hex');
      return {
        url: target.url,
        headers: {
          ...json,
          'x-investtrack-timestamp': timestamp,
          'x-investtrack-signature': `sha256=${signature}`,
        },
        body,
      };
    }
  }
}

/** Null when the service took the message; otherwise why not, in the service's own words. */
export function botAnswerProblem(kind: ChannelKind, status: number, text: string): string | null {
  if (status < 200 || status >= 300) return `HTTP ${status}${text ? `: ${text.slice(0, 200)}` : ''}`;
  if (kind === 'webhook') return null;
  let answer: { errcode?: number; errmsg?: string; code?: number; msg?: string; StatusCode?: number };
  try {
    answer = JSON.parse(text);
  } catch {
    return `unexpected answer: ${text.slice(0, 200)}`;
  }
  if (kind === 'feishu') {
    const code = answer.code ?? answer.StatusCode;
    return code === 0 ? null : `code ${code}: ${answer.msg ?? ''}`;
  }
  return answer.errcode === 0 ? null : `errcode ${answer.errcode}: ${answer.errmsg ?? ''}`;
}

/** Seconds a chat service has to answer before the attempt counts as failed. */
export const BOT_TIMEOUT_MS = 10_000;

/** Posts one message; resolves with null when delivered, else the reason (never throws). */
export async function postToBot(
  target: ChannelTarget,
  message: ChatMessage,
  now: Date,
  timeoutMs = BOT_TIMEOUT_MS,
): Promise<string | null> {
  const request = botRequest(target, message, now);
  try {
    const res = await fetch(request.url, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
    return botAnswerProblem(target.kind, res.status, await res.text());
  } catch (e) {
    const err = e as Error & { cause?: { code?: string } };
    if (err.name === 'TimeoutError') return `no answer within ${timeoutMs / 1000} s`;
    return `${err.cause?.code ?? err.name}: ${err.message}`.slice(0, 300);
  }
}

/** What the channel list shows of an address: the host and path, the key or token hidden. */
export function addressHint(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname.replace(/\/hook\/.+$/, '/hook/…')}${u.search ? '?…' : ''}`;
  } catch {
    return '…';
  }
}
