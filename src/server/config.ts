import { isIP } from 'node:net';

/** Fastify's trustProxy: false, or the proxies' addresses / CIDR ranges / proxy-addr names. */
export type TrustProxy = false | string;

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * TRUST_PROXY: unset or "false" — no proxy, the socket's address is the client's; "true" — a reverse
 * proxy on this server (nginx on loopback, the one-server install), the same as "loopback"; or a
 * comma-separated list of the proxies' addresses, CIDR ranges or loopback/linklocal/uniquelocal.
 * Only hops from the listed proxies are believed, so a client's own X-Forwarded-For entries never
 * are (trusting every hop let `X-Forwarded-For: 6.6.6.6, …` choose the logged and rate-limited IP).
 * A hop count is refused: Fastify cannot check who sent the hops, and trusts none of them.
 */
export function trustProxyOf(value: string | undefined): TrustProxy {
  const v = (value ?? '').trim();
  if (v === '' || v === 'false' || v === '0') return false;
  if (v === 'true' || v === '1') return 'loopback';
  const parts = v.split(',').map((x) => x.trim());
  for (const part of parts) {
    const [address, bits, extra] = part.split('/');
    const family = isIP(address ?? '');
    const okBits = bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (family === 6 ? 128 : 32));
    if (!(PROXY_NAMES.has(part) || (family !== 0 && okBits && extra === undefined)))
      throw new Error(
        `TRUST_PROXY must be true (a proxy on this server) or the proxies' addresses / CIDR ranges separated by commas; "${part}" is neither`,
      );
  }
  return parts.join(',');
}

function choice(value: string | undefined, allowed: string[], name: string): string {
  const v = (value ?? allowed[0]!).trim().toLowerCase();
  if (!allowed.includes(v)) throw new Error(`${name} must be one of ${allowed.join(', ')}, got "${value}"`);
  return v;
}

export interface Config {
  port: number;
  host: string;
  databaseUrl: string;
  demo: boolean;
  adminPassword: string | undefined;
  /** Serve the built web app from this folder when it exists. */
  webRoot: string;
  /** Which proxies' X-Forwarded-* headers to believe: none, a number of hops, or addresses (see trustProxyOf). */
  trustProxy: TrustProxy;
  /** INVESTTRACK_API_DOCS=public: /api/openapi.json and /api/docs without signing in (default: signed in). */
  apiDocsPublic: boolean;
  /** INVESTTRACK_APPROVER: who approves resets of privileged accounts and grants of the auditor role. */
  approverRole: 'auditor' | 'admin';
  /** INVESTTRACK_TOTP: 'required' (administrators, the auditor, organisations that require it) or 'optional'. */
  totp: 'required' | 'optional';
  /** INVESTTRACK_MAX_SESSIONS: sessions one account may hold at once; one more sign-in ends the oldest. */
  maxSessions: number;
  /** Minutes between checkpoints of the audit chain written outside the database (integrity.ts). */
  auditCheckpointMinutes: number;
  /** Seconds a connection may stay silent (no request, or a request's bytes stalled) before it is closed. */
  idleTimeoutSeconds: number;
  logLevel: string;
  /** Sign-in attempts allowed per IP per minute (the per-account lockout is separate). */
  loginRateLimit: number;
  /** Minutes without activity before a session ends (等保 asks for a timeout; 30 by default). */
  sessionIdleMinutes: number;
  /** INVESTTRACK_STRICT_RESPONSES=on (browser tests): an undeclared response field is an error. */
  strictResponses: boolean;
  /** INVESTTRACK_PUBLIC_URL: the address people open InvestTrack by, for the links in chat messages. */
  publicUrl: string | null;
  /** INVESTTRACK_JOBS=off: this process runs no scheduled jobs and sends no chat messages. */
  jobs: boolean;
  /** INVESTTRACK_ATTACHMENTS_DIR: keep attachments in this directory (shared by every process) instead of the database. */
  attachmentsDir: string | null;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number, got "${env.PORT}"`);
  const demoSetting = (env.INVESTTRACK_DEMO ?? 'on').toLowerCase();
  if (!['on', 'off'].includes(demoSetting))
    throw new Error(`INVESTTRACK_DEMO must be "on" or "off", got "${env.INVESTTRACK_DEMO}"`);
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL ?? 'sqlite:./data/investtrack.db',
    demo: demoSetting === 'on',
    adminPassword: env.INVESTTRACK_ADMIN_PASSWORD || undefined,
    webRoot: env.INVESTTRACK_WEB_ROOT ?? 'dist/web',
    trustProxy: trustProxyOf(env.TRUST_PROXY),
    apiDocsPublic:
      choice(env.INVESTTRACK_API_DOCS, ['signed-in', 'public'], 'INVESTTRACK_API_DOCS') === 'public',
    approverRole: choice(env.INVESTTRACK_APPROVER, ['auditor', 'admin'], 'INVESTTRACK_APPROVER') as
      | 'auditor'
      | 'admin',
    totp: choice(env.INVESTTRACK_TOTP, ['required', 'optional'], 'INVESTTRACK_TOTP') as
      | 'required'
      | 'optional',
    maxSessions: positiveInt(env.INVESTTRACK_MAX_SESSIONS, 3, 'INVESTTRACK_MAX_SESSIONS'),
    auditCheckpointMinutes: positiveInt(
      env.INVESTTRACK_AUDIT_CHECKPOINT_MINUTES,
      15,
      'INVESTTRACK_AUDIT_CHECKPOINT_MINUTES',
    ),
    idleTimeoutSeconds: positiveInt(
      env.INVESTTRACK_IDLE_TIMEOUT_SECONDS,
      30,
      'INVESTTRACK_IDLE_TIMEOUT_SECONDS',
    ),
    logLevel: env.LOG_LEVEL ?? 'info',
    loginRateLimit: positiveInt(env.INVESTTRACK_LOGIN_RATE_LIMIT, 30, 'INVESTTRACK_LOGIN_RATE_LIMIT'),
    sessionIdleMinutes: sessionIdle(env.INVESTTRACK_SESSION_IDLE_MINUTES),
    strictResponses: env.INVESTTRACK_STRICT_RESPONSES === 'on',
    publicUrl: publicUrlOf(env.INVESTTRACK_PUBLIC_URL),
    jobs: choice(env.INVESTTRACK_JOBS, ['on', 'off'], 'INVESTTRACK_JOBS') === 'on',
    attachmentsDir: env.INVESTTRACK_ATTACHMENTS_DIR || null,
  };
}

function publicUrlOf(value: string | undefined): string | null {
  if (!value) return null;
  try {
    const u = new URL(value);
    if (u.protocol === 'http:' || u.protocol === 'https:') return u.toString();
  } catch {}
  throw new Error(`INVESTTRACK_PUBLIC_URL must be an http(s) address, got "${value}"`);
}

function positiveInt(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got "${value}"`);
  return n;
}

function sessionIdle(value: string | undefined): number {
  const n = positiveInt(value, 30, 'INVESTTRACK_SESSION_IDLE_MINUTES');
  if (n < 3 || n > 480)
    throw new Error(`INVESTTRACK_SESSION_IDLE_MINUTES must be from 3 to 480, got "${value}"`);
  return n;
}
