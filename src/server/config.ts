export interface Config {
  port: number;
  host: string;
  databaseUrl: string;
  demo: boolean;
  adminPassword: string | undefined;
  /** Serve the built web app from this folder when it exists. */
  webRoot: string;
  trustProxy: boolean;
  logLevel: string;
  /** Sign-in attempts allowed per IP per minute (the per-account lockout is separate). */
  loginRateLimit: number;
  /** Minutes without activity before a session ends (等保 asks for a timeout; 30 by default). */
  sessionIdleMinutes: number;
  /** INVESTTRACK_STRICT_RESPONSES=on (browser tests): an undeclared response field is an error. */
  strictResponses: boolean;
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
    trustProxy: env.TRUST_PROXY === '1' || env.TRUST_PROXY === 'true',
    logLevel: env.LOG_LEVEL ?? 'info',
    loginRateLimit: positiveInt(env.INVESTTRACK_LOGIN_RATE_LIMIT, 30, 'INVESTTRACK_LOGIN_RATE_LIMIT'),
    sessionIdleMinutes: sessionIdle(env.INVESTTRACK_SESSION_IDLE_MINUTES),
    strictResponses: env.INVESTTRACK_STRICT_RESPONSES === 'on',
  };
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
