import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type RawServerDefault } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { type Clock, systemClock } from './clock.js';
import type { TrustProxy } from './config.js';
import type { Db } from './db/index.js';
import { asReadingRequest } from './db/perRequest.js';
import { AppError } from './errors.js';
import { registerAuthHook } from './http/authHook.js';
import {
  applyContract,
  completeDocument,
  contractSerializer,
  DOCUMENT_BASE,
  uploadOf,
} from './http/contract.js';
import { errorHandler } from './http/errorHandler.js';
import { zodValidatorCompiler } from './http/validation.js';
import { attachmentRoutes } from './modules/attachments/routes.js';
import { auditRoutes } from './modules/audit/routes.js';
import { authRoutes } from './modules/auth/routes.js';
import { calendarRoutes } from './modules/calendar/routes.js';
import { chainRoutes } from './modules/chains/routes.js';
import { clusterRoutes } from './modules/clusters/routes.js';
import { healthRoutes } from './modules/health/routes.js';
import { importRoutes } from './modules/imports/routes.js';
import { industryRoutes } from './modules/industries/routes.js';
import { investorRoutes } from './modules/investors/routes.js';
import { leadRoutes } from './modules/leads/routes.js';
import { notificationRoutes } from './modules/notifications/routes.js';
import { orgRoutes } from './modules/orgs/routes.js';
import { agreementRoutes } from './modules/projects/agreementRoutes.js';
import { projectRoutes } from './modules/projects/routes.js';
import { slaRoutes } from './modules/sla/routes.js';
import { statsRoutes } from './modules/stats/routes.js';
import type { ApproverRole } from './modules/users/approvals.js';
import { userRoutes } from './modules/users/routes.js';

/** Largest request body (JSON or an uploaded workbook); larger ones get 413. */
export const BODY_LIMIT = 5 * 1024 * 1024;

export interface AppDeps {
  db: Db;
  clock?: Clock;
  /** Folder of the built web app; served with an SPA fallback when it exists. */
  webRoot?: string;
  trustProxy?: TrustProxy;
  /** /api/openapi.json and /api/docs without a session (default: signed-in users only). */
  apiDocsPublic?: boolean;
  /** Seconds a silent connection stays open (default 30). */
  idleTimeoutSeconds?: number;
  /** Who approves changes to privileged accounts: the auditor (default) or another administrator. */
  approverRole?: ApproverRole;
  /** The file of audit checkpoints kept outside the database (integrity.ts); none in tests by default. */
  auditCheckpointFile?: string;
  /** Sessions one account may hold at once (default 3). */
  maxSessions?: number;
  logger?: boolean | { level: string };
  /** Login attempts per IP per minute (the per-account lockout is separate). */
  loginRateLimit?: number;
  /** Minutes without a request before a session ends (default 30). */
  sessionIdleMinutes?: number;
  /** A response field its schema does not declare is an error (tests), not silently left out. */
  strictResponses?: boolean;
  /** The address people reach the server by (https://zst.example.gov.cn), for links in chat messages. */
  publicUrl?: string | null;
  /** INVESTTRACK_ATTACHMENTS_DIR: attachments kept in a directory every process shares, not in the database. */
  attachmentsDir?: string | null;
}

export interface Services {
  db: Db;
  clock: Clock;
  sessionIdleMs: number;
  approverRole: ApproverRole;
  auditCheckpointFile: string | undefined;
  maxSessions: number;
  publicUrl: string | null;
  attachmentsDir: string | null;
}

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
  }
}

export type App = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** Builds the whole application; main.ts listens on it, tests call it with inject(). */
export async function buildApp(deps: AppDeps): Promise<App> {
  const clock = deps.clock ?? systemClock;
  const idle = (deps.idleTimeoutSeconds ?? 30) * 1000;
  const app = Fastify({
    logger: deps.logger ?? false,
    trustProxy: deps.trustProxy ?? false,
    bodyLimit: BODY_LIMIT,
    // A connection silent this long is closed, whether it never sent a request or stalled in one
    // (Node's own defaults left 100 idle sockets open for 320 s); answers that take long still
    // write their bytes, which keeps the socket alive.
    connectionTimeout: idle,
    keepAliveTimeout: Math.min(idle, 5_000),
    requestTimeout: Math.max(idle, 120_000),
    http: { headersTimeout: idle },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(zodValidatorCompiler);
  app.setSerializerCompiler(contractSerializer(deps.strictResponses ?? false));
  const uploads = new Map<string, string>();
  app.addHook('onRoute', (route) => {
    applyContract(route);
    const upload = uploadOf(route);
    if (upload) uploads.set(...upload);
  });
  app.setErrorHandler(errorHandler);
  const sessionIdleMs = (deps.sessionIdleMinutes ?? 30) * 60_000;
  app.decorate('services', {
    db: deps.db,
    clock,
    sessionIdleMs,
    approverRole: deps.approverRole ?? 'auditor',
    auditCheckpointFile: deps.auditCheckpointFile,
    maxSessions: deps.maxSessions ?? 3,
    publicUrl: deps.publicUrl ?? null,
    attachmentsDir: deps.attachmentsDir ?? null,
  });

  // External plugins first.
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Ant Design writes its CSS-in-JS into <style> elements.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    crossOriginEmbedderPolicy: false,
    // HSTS only on answers sent over HTTPS (below): on a plain-HTTP intranet install it would tell
    // browsers to refuse the only way in.
    strictTransportSecurity: false,
  });
  app.addHook('onSend', async (request, reply) => {
    if (request.protocol === 'https')
      reply.header('Strict-Transport-Security', 'max-age=15552000; includeSubDomains');
  });
  // JSON answers compressed for the browser (a ledger page is 50 KB, about 6 KB in brotli); the
  // built assets are compressed at build time and sent as they are. Request bodies are never
  // inflated (no zip bombs through the import or attachment doors). Answers that carry a secret
  // (the CSRF token, an authenticator's secret) opt out, so no BREACH-style length probing.
  await app.register(compress, {
    encodings: ['br', 'gzip'],
    threshold: 1024,
    globalDecompression: false,
  });
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'InvestTrack API (招商通)',
        version: '1',
        description:
          'See docs/API.md for the fixed part of the contract. Amounts are integer yuan; instants ISO 8601 with offset; dates YYYY-MM-DD (Asia/Shanghai).',
        license: { name: 'Proprietary' },
      },
      ...DOCUMENT_BASE,
    },
    transform: jsonSchemaTransform,
    transformObject: (documentObject) =>
      completeDocument(jsonSchemaTransformObject(documentObject) as never, uploads) as never,
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: true,
    // Plain-HTTP installs on an intranet must not be told to upgrade every request to HTTPS.
    transformStaticCSP: (header) => header.replace(/\s*upgrade-insecure-requests;?/, ''),
    uiConfig: { docExpansion: 'list' },
  });

  // Then our own decorators and hooks.
  // A reading request reads the data and calendar versions once (db/perRequest.ts).
  app.addHook('onRequest', (request, _reply, done) => {
    if (request.method === 'GET' || request.method === 'HEAD') asReadingRequest(done);
    else done();
  });
  registerAuthHook(app, deps.db, clock, sessionIdleMs, deps.apiDocsPublic ?? false);
  app.addHook('onSend', async (request, reply) => {
    if (request.url.startsWith('/api/') && !request.url.startsWith('/api/docs'))
      reply.header('Cache-Control', 'no-store');
  });

  // Then routes.
  await app.register(healthRoutes);
  await app.register(authRoutes, { loginRateLimit: deps.loginRateLimit ?? 30 });
  await app.register(userRoutes);
  await app.register(orgRoutes);
  await app.register(auditRoutes);
  await app.register(calendarRoutes);
  await app.register(slaRoutes);
  await app.register(industryRoutes);
  await app.register(clusterRoutes);
  await app.register(chainRoutes);
  await app.register(leadRoutes);
  await app.register(projectRoutes);
  await app.register(statsRoutes);
  await app.register(importRoutes);
  await app.register(notificationRoutes);
  await app.register(attachmentRoutes);
  await app.register(agreementRoutes);
  await app.register(investorRoutes);
  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () =>
    app.swagger(),
  );

  const webRoot = deps.webRoot ? resolve(deps.webRoot) : undefined;
  const hasWeb = webRoot !== undefined && existsSync(resolve(webRoot, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, {
      root: webRoot,
      wildcard: false,
      // The build writes .br and .gz beside each asset (vite.config.ts); send what the browser takes.
      preCompressed: true,
      setHeaders(res, path) {
        res.header(
          'Cache-Control',
          path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
  }
  app.setNotFoundHandler((request, reply) => {
    const looksLikeFile = /\.[a-z0-9]+$/i.test(request.url.split('?')[0]!);
    if (
      request.url.startsWith('/api/') ||
      !['GET', 'HEAD'].includes(request.method) ||
      !hasWeb ||
      looksLikeFile
    )
      throw new AppError('NOT_FOUND');
    // Client-side routes: the SPA decides what to show (including its own 404 page).
    return reply.header('Cache-Control', 'no-cache').sendFile('index.html');
  });

  return app;
}
