/**
 * A fuzzer over every operation of the OpenAPI document: requests built from each operation's own
 * schemas, then bent at the edges a careless or hostile client reaches first (dates far outside the
 * calendar, impossible dates, ids of nothing, huge and negative numbers, wrong types, missing fields,
 * long and odd strings, empty and non-spreadsheet uploads). Bounded and seeded, so a failure repeats.
 * The promise checked: no request is answered with a 5xx — bad input is the client's error (4xx).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../core/roles.js';
import { type Action, can } from '../auth/policies.js';
import { seedDemoLeads } from '../demo/leads.js';
import { buildTestApp, dialects, login, type Session, type TestApp } from '../test/helpers.js';

type Schema = {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  nullable?: boolean;
  $ref?: string;
};
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema?: Schema }> };
  'x-ability'?: Action;
  security?: unknown[];
}

/** mulberry32: small, seeded, good enough to pick cases. */
function seeded(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    chance: (p: number) => next() < p,
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
  };
}
type Rnd = ReturnType<typeof seeded>;

const EDGE_DATES = [
  '1970-01-01',
  '1999-06-01',
  '2024-02-30',
  '2101-01-05',
  '9999-12-31',
  '2026-13-01',
  '0000-00-00',
];
const EDGE_INSTANTS = [
  '1970-01-01T00:00:00Z',
  '1999-01-01T10:00:00+08:00',
  '2024-02-30T10:00:00Z',
  '2101-01-01T00:00:00+08:00',
  '9999-12-31T23:59:59Z',
  '2026-03-02T25:61:00+08:00',
];
const EDGE_INTS = [0, -1, 1, 2, 7, 99_999_999, 2 ** 31, 2 ** 53 + 2, -(2 ** 40)];
const EDGE_STRINGS = [
  '',
  ' ',
  'x'.repeat(5000),
  "' OR 1=1 --",
  '<script>x</script>',
  '\u0000',
  '台山',
  '../..',
  'null',
];

/** Any value at all: what a client sends when it ignores the schema. */
function wild(rnd: Rnd): unknown {
  return rnd.pick<unknown>([
    null,
    true,
    -1,
    1.5,
    2 ** 60,
    'abc',
    '',
    [],
    {},
    [1, 'a'],
    { a: 1 },
    rnd.pick(EDGE_DATES),
    rnd.pick(EDGE_INSTANTS),
  ]);
}

class Generator {
  constructor(
    private readonly doc: { components?: { schemas?: Record<string, Schema> } },
    private readonly rnd: Rnd,
    /** How often a value is bent (0: as the schema says). */
    private readonly bend: number,
  ) {}

  private resolve(s: Schema): Schema {
    if (s.$ref) return this.resolve(this.doc.components?.schemas?.[s.$ref.split('/').pop()!] ?? {});
    if (s.allOf) return Object.assign({}, ...s.allOf.map((x) => this.resolve(x)));
    return s;
  }

  value(schema: Schema | undefined, name = '', depth = 0): unknown {
    const rnd = this.rnd;
    const s = this.resolve(schema ?? {});
    if (rnd.chance(this.bend / 4)) return wild(rnd);
    const alternatives = s.anyOf ?? s.oneOf;
    if (alternatives) return this.value(rnd.pick(alternatives), name, depth);
    if (s.const !== undefined) return s.const;
    if (s.enum) return rnd.chance(this.bend) ? 'not_a_choice' : rnd.pick(s.enum);
    const type = Array.isArray(s.type) ? rnd.pick(s.type.filter((x) => x !== 'null')) : s.type;
    if (s.nullable && rnd.chance(0.1)) return null;
    switch (type) {
      case 'integer':
      case 'number':
        return this.number(s, name);
      case 'boolean':
        return rnd.chance(this.bend) ? 'yes' : rnd.chance(0.5);
      case 'array': {
        if (depth > 4) return [];
        const n = rnd.chance(this.bend) ? rnd.pick([0, 60]) : rnd.int(0, 3);
        return Array.from({ length: n }, () => this.value(s.items, name, depth + 1));
      }
      case 'object':
        return depth > 4 ? {} : this.object(s, depth);
      case 'string':
        return this.string(s, name);
      default:
        return s.properties ? this.object(s, depth) : wild(rnd);
    }
  }

  object(s: Schema, depth = 0): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, prop] of Object.entries(s.properties ?? {})) {
      const required = s.required?.includes(key);
      if (!required && this.rnd.chance(0.4)) continue;
      if (required && this.rnd.chance(this.bend / 3)) continue; // a required field left out
      out[key] = this.value(prop, key, depth + 1);
    }
    if (this.rnd.chance(this.bend / 3)) out.unexpectedField = wild(this.rnd);
    return out;
  }

  private number(s: Schema, name: string): number | string {
    const rnd = this.rnd;
    if (rnd.chance(this.bend)) return rnd.chance(0.2) ? '12abc' : rnd.pick(EDGE_INTS);
    // Ids of records that exist in the demo data are small numbers.
    if (/id$/i.test(name) || /Ids?$/.test(name)) return rnd.chance(0.15) ? 99_999 : rnd.int(1, 40);
    const lo = s.minimum ?? 0;
    const hi = Math.min(s.maximum ?? 1_000_000_000, lo + 1_000_000_000);
    return s.type === 'integer' ? Math.floor(lo + rnd.next() * (hi - lo)) : lo + rnd.next() * (hi - lo);
  }

  private string(s: Schema, name: string): string {
    const rnd = this.rnd;
    const dateLike = s.format === 'date' || /(On|Date|date|^from$|^to$|weekOf|^day$|asOf)$/.test(name);
    const instantLike = s.format === 'date-time' || /(At|^at|^start)$/.test(name);
    if (rnd.chance(this.bend)) {
      if (dateLike) return rnd.pick(EDGE_DATES);
      if (instantLike) return rnd.pick(EDGE_INSTANTS);
      return rnd.pick(EDGE_STRINGS);
    }
    if (dateLike) return `20${rnd.int(20, 27)}-0${rnd.int(1, 9)}-1${rnd.int(0, 9)}`;
    if (instantLike) return `2026-0${rnd.int(1, 3)}-0${rnd.int(1, 2)}T10:00:00+08:00`;
    if (s.pattern) {
      if (s.pattern.includes('[A-T]')) return rnd.pick(['C', '38', '3841', 'Z', '99']);
      if (s.pattern.includes('\\d{4}')) return rnd.pick(['2026', '2026-Q1', '2026-03', '2024']);
    }
    if (/creditCode/i.test(name)) return rnd.pick(['91440705MA4UJ5XX7Q', '91440700000000000X']);
    if (/password/i.test(name)) return rnd.pick(['Wrong#pass12', 'short']);
    const min = s.minLength ?? 1;
    const max = Math.min(s.maxLength ?? 20, 40);
    const len = Math.max(min, Math.min(max, rnd.int(min, min + 10)));
    return '测试'.repeat(len).slice(0, len);
  }
}

const ROLE_OF: Role[] = ['city_officer', 'admin', 'auditor'];
const USER_OF: Record<string, string> = { city_officer: 'city', admin: 'admin', auditor: 'auditor' };
/** Requests that would end the fuzzer's own session or account rather than test an input. */
const SPARED = new Set(['POST /api/auth/logout', 'POST /api/auth/password']);
const PER_OPERATION = 40;
/**
 * Its run grows with the operations (about 170 × 40 requests): 21 s on PostgreSQL here, and up to
 * half as long again on a busy machine. A limit, not a measure: no time is asserted.
 */
const FUZZ_LIMIT_MS = 120_000;

describe.each(dialects())('a fuzzer over every operation (%s)', (dialect) => {
  let t: TestApp;
  let doc: {
    paths: Record<string, Record<string, Operation>>;
    components?: { schemas?: Record<string, Schema> };
  };
  const sessions = new Map<string, Session>();
  beforeAll(async () => {
    t = await buildTestApp(dialect);
    // Leads at every stage, and the projects the signed ones became, for the requests to act on.
    await seedDemoLeads(t.db.kysely, t.clock.now(), { count: 60 });
    doc = t.app.swagger() as never;
  });
  afterAll(() => t.close());

  const sessionFor = async (username: string) => {
    let s = sessions.get(username);
    if (!s) {
      s = await login(t.app, username);
      sessions.set(username, s);
    }
    return s;
  };

  it(
    'answers no request with a 5xx (a few thousand requests, seeded)',
    async () => {
      const rnd = seeded(20261203);
      const failures: string[] = [];
      let sent = 0;
      const statuses: Record<number, number> = {};
      for (const [path, methods] of Object.entries(doc.paths)) {
        for (const [method, op] of Object.entries(methods)) {
          const key = `${method.toUpperCase()} ${path}`;
          if (SPARED.has(key)) continue;
          const ability = op['x-ability'];
          const role = ability
            ? ROLE_OF.find((r) => can({ id: 1, orgId: 1, roles: [r] } as never, ability))
            : undefined;
          for (let i = 0; i < PER_OPERATION; i++) {
            // The first few as the schema says, so the operation's own code runs; then bent ones.
            const gen = new Generator(doc, rnd, i < 5 ? 0 : 0.5);
            let url = path.replace(/\{(\w+)\}/g, (_, name: string) =>
              encodeURIComponent(
                String(
                  i < 5 || rnd.chance(0.6)
                    ? name === 'date'
                      ? rnd.pick(['2026-10-01', '2026-02-15'])
                      : name === 'code'
                        ? rnd.pick(['C', '3841', '38'])
                        : rnd.int(1, 40)
                    : rnd.pick<unknown>([0, -1, 99_999_999, 'abc', '1.5', '%00', rnd.pick(EDGE_DATES)]),
                ),
              ),
            );
            const query = new URLSearchParams();
            for (const p of op.parameters ?? []) {
              if (p.in !== 'query') continue;
              if (!p.required && rnd.chance(0.5)) continue;
              const v = gen.value(p.schema, p.name);
              for (const x of Array.isArray(v) ? v : [v])
                query.append(p.name, typeof x === 'object' ? JSON.stringify(x) : String(x));
            }
            if ([...query].length) url += `?${query}`;
            const content = op.requestBody?.content ?? {};
            let payload: unknown;
            const headers: Record<string, string> = {};
            if (content['application/json']) payload = gen.value(content['application/json'].schema);
            else {
              const type = Object.keys(content)[0];
              if (type) {
                headers['content-type'] = type;
                payload = rnd.pick([
                  Buffer.alloc(0),
                  Buffer.from('not a workbook'),
                  Buffer.from('PK\u0003\u0004broken'),
                ]);
              }
            }
            // Users the fuzzer signs in as are left alone, so it keeps its sessions.
            if (path.startsWith('/api/users/{id}') && url.match(/^\/api\/users\/(\d+)/)) {
              const target = Number(url.match(/^\/api\/users\/(\d+)/)![1]);
              const own = [...sessions.values()].some((s) => s.user.id === target);
              if (own) url = url.replace(/^\/api\/users\/\d+/, '/api/users/99999999');
            }
            const res = role
              ? await (await sessionFor(USER_OF[role]!)).call(method.toUpperCase(), url, payload, headers)
              : await t.app.inject({
                  method: method.toUpperCase() as 'GET',
                  url,
                  payload: payload as string,
                  headers,
                });
            sent++;
            statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
            if (res.statusCode >= 500)
              failures.push(
                `${res.statusCode} ${method.toUpperCase()} ${url} ${JSON.stringify(payload)?.slice(0, 300)}`,
              );
            if (res.statusCode === 401 && role) sessions.delete(USER_OF[role]!);
          }
        }
      }
      if (process.env.FUZZ_DEBUG) console.log(failures.join('\n'), JSON.stringify(statuses));
      expect(sent).toBeGreaterThan(2000);
      expect(failures, `answers by status: ${JSON.stringify(statuses)}`).toEqual([]);
      // The operations' own code ran, not only the validation in front of it.
      expect(statuses[200]).toBeGreaterThan(500);
    },
    FUZZ_LIMIT_MS,
  );
});
