/**
 * The HTTP contract as clients read it (/api/openapi.json): every operation gets an operation id,
 * its security (the session cookie, plus the CSRF header on writes), and API.md's error shape for
 * every error status; the document gets its security schemes, server and upload bodies. Responses
 * are serialised through their zod schemas; in tests a field the schema does not declare is an
 * error, so the document cannot fall behind the code.
 */
import type { FastifySerializerCompiler, RouteOptions } from 'fastify';
import type { ZodType } from 'zod';
import { errorBody, XLSX_MIME } from '../../core/api/common.js';

const ERROR_STATUSES = {
  400: 'Invalid fields (VALIDATION_FAILED, details list each field)',
  401: 'Not signed in, or the session expired',
  403: 'Signed in but not allowed (also CSRF, PASSWORD_CHANGE_REQUIRED)',
  404: 'Not found, or not visible to you',
  409: 'Conflict: stale version, illegal stage move, possible duplicate',
  422: 'A rule of the domain refused it',
  429: 'Throttled or locked',
} as const;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The request body is this file type, sent as itself (documented as a binary upload). */
    upload?: string;
  }
}

/** `GET /api/leads/:id/records` → `getLeadsByIdRecords`: stable, unique, readable in a generated client. */
export function operationIdOf(method: string, url: string): string {
  const words = url
    .replace(/^\/api\//, '')
    .split('/')
    .flatMap((segment) => (segment.startsWith(':') ? ['by', segment.slice(1)] : segment.split(/[-.]/)))
    .filter(Boolean);
  return [method.toLowerCase(), ...words.map((w) => w[0]!.toUpperCase() + w.slice(1))].join('');
}

/** Called for every route as it is added (app.ts onRoute). */
export function applyContract(route: RouteOptions): void {
  if (!route.url.startsWith('/api/')) return;
  const method = Array.isArray(route.method) ? route.method[0]! : route.method;
  if (method === 'HEAD' || route.schema?.hide) return;
  route.schema ??= {};
  const schema = route.schema as Record<string, unknown>;
  schema.operationId ??= operationIdOf(method, route.url);
  const isPublic = route.config?.public === true;
  const ability = route.config?.ability;
  if (!isPublic && !ability) throw new Error(`${method} ${route.url} declares no ability (config.ability)`);
  if (ability) {
    schema['x-ability'] = ability;
    schema.description = [schema.description, `Needs the ability \`${ability}\`.`]
      .filter(Boolean)
      .join('\n\n');
  }
  schema.security ??= isPublic ? [] : method === 'GET' ? [{ session: [] }] : [{ session: [], csrf: [] }];
  const errors = Object.fromEntries(
    Object.entries(ERROR_STATUSES).map(([status, description]) => [
      status,
      { description, content: { 'application/json': { schema: errorBody } } },
    ]),
  );
  schema.response = { ...errors, ...(schema.response as object | undefined) };
}

type OpenApiDoc = {
  paths?: Record<string, Record<string, { requestBody?: unknown; operationId?: string }>>;
  components?: Record<string, unknown>;
  [key: string]: unknown;
};

/** The document-wide parts given to @fastify/swagger: the server and the two security schemes. */
export const DOCUMENT_BASE = {
  servers: [{ url: '/', description: 'This server' }],
  components: {
    securitySchemes: {
      session: {
        type: 'apiKey' as const,
        in: 'cookie',
        name: 'it_sid',
        description: 'HttpOnly session cookie set by POST /api/auth/login',
      },
      csrf: {
        type: 'apiKey' as const,
        in: 'header',
        name: 'X-CSRF-Token',
        description: 'The csrfToken from login or /api/auth/me; required on every state-changing request',
      },
    },
  },
};

/** File uploads: their operations take the file itself as the body. */
export function completeDocument(doc: OpenApiDoc, uploads: Map<string, string>): OpenApiDoc {
  for (const [operationId, mime] of uploads) {
    for (const operations of Object.values(doc.paths ?? {})) {
      for (const operation of Object.values(operations)) {
        if (operation.operationId !== operationId) continue;
        operation.requestBody = {
          required: true,
          content: { [mime]: { schema: { type: 'string', format: 'binary' } } },
        };
      }
    }
  }
  // Components only the input side registered (…Input) and nothing refers to: left out.
  const schemas = (doc.components?.schemas ?? {}) as Record<string, unknown>;
  for (let removed = true; removed; ) {
    removed = false;
    const text = JSON.stringify({ paths: doc.paths, schemas });
    for (const name of Object.keys(schemas)) {
      if (name.endsWith('Input') && !text.includes(`"#/components/schemas/${name}"`)) {
        delete schemas[name];
        removed = true;
      }
    }
  }
  return doc;
}

/** Upload routes by operation id, collected as routes are added. */
export function uploadOf(route: RouteOptions): [string, string] | null {
  const mime = route.config?.upload;
  const id = (route.schema as { operationId?: string } | undefined)?.operationId;
  return mime && id ? [id, mime] : null;
}

export { XLSX_MIME };

/** The first path at which `input` has a field that `output` (the serialised answer) lost. */
function droppedField(input: unknown, output: unknown, path: string): string | null {
  if (Array.isArray(input) && Array.isArray(output)) {
    for (let i = 0; i < input.length; i++) {
      const found = droppedField(input[i], output[i], `${path}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  if (input && typeof input === 'object' && output && typeof output === 'object') {
    for (const [key, value] of Object.entries(input)) {
      if (value === undefined) continue;
      if (!(key in output)) return `${path}.${key}`;
      const found = droppedField(value, (output as Record<string, unknown>)[key], `${path}.${key}`);
      if (found) return found;
    }
  }
  return null;
}

/**
 * Serialises with the route's zod schema (a whitelist: undeclared fields are not sent). The
 * answer schemas declare no codecs or transforms, so checking an answer is zod's parse, which
 * zod compiles (a third of the cost of `encode`, which checks field by field). With `strict`
 * (the tests), an undeclared field is an error instead, and so is a schema whose encoding would
 * differ from its parse: a codec added to an answer fails the tests, not production.
 */
export function contractSerializer(strict: boolean): FastifySerializerCompiler<ZodType> {
  return ({ schema, method, url }) =>
    (data) => {
      const result = schema.safeParse(data);
      if (strict) {
        const encoded = schema.safeEncode(data);
        if (
          encoded.success &&
          (!result.success || JSON.stringify(encoded.data) !== JSON.stringify(result.data))
        )
          throw new Error(
            `Response of ${method} ${url}: its schema encodes otherwise than it parses (a codec?)`,
          );
      }
      if (!result.success) {
        throw new Error(`Response of ${method} ${url} does not match its schema: ${result.error.message}`);
      }
      const json = JSON.stringify(result.data);
      if (strict) {
        const plain = JSON.parse(JSON.stringify(data));
        const dropped = droppedField(plain, result.data, '');
        if (dropped) throw new Error(`Response of ${method} ${url} has a field its schema lacks: ${dropped}`);
      }
      return json;
    };
}
