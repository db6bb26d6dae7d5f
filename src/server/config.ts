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
  };
}
