/**
 * The HTTP contract as a client sees it: the OpenAPI document is complete (every operation has its
 * id, security, success and error responses, the ability it needs), Redocly lint finds no error,
 * and a client generated with openapi-typescript + openapi-fetch type-checks a script that signs
 * in, lists leads, registers one, takes it through every step and reads the project — then runs
 * it against this server.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import openapiTS, { astToString } from 'openapi-typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XLSX_MIME } from '../core/api/common.js';
import { buildTestApp, DEMO_PASSWORD, type TestApp } from './test/helpers.js';

type Operation = {
  operationId?: string;
  security?: Record<string, string[]>[];
  responses: Record<string, { content?: Record<string, unknown> }>;
  requestBody?: { content: Record<string, unknown> };
  'x-ability'?: string;
};
type Doc = { paths: Record<string, Record<string, Operation>>; components: { securitySchemes: object } };

const root = resolve(import.meta.dirname, '../..');
const ERROR_CODES = ['400', '401', '403', '404', '409', '422', '429'];

describe('the OpenAPI contract', () => {
  let t: TestApp;
  let doc: Doc;
  let baseUrl: string;
  beforeAll(async () => {
    t = await buildTestApp('sqlite');
    doc = t.app.swagger() as unknown as Doc;
    baseUrl = await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => t.close());

  const operations = () =>
    Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, op })),
    );

  it('every operation: a unique id, its security, a success response with a body or 204, every error', () => {
    const ops = operations();
    expect(ops.length).toBeGreaterThanOrEqual(81);
    expect(new Set(ops.map((o) => o.op.operationId)).size).toBe(ops.length);
    for (const { key, op } of ops) {
      const success = Object.keys(op.responses).filter((s) => s.startsWith('2'));
      expect(success, key).toHaveLength(1);
      const status = success[0]!;
      if (status !== '204') expect(op.responses[status]!.content, key).toBeDefined();
      for (const code of ERROR_CODES) {
        expect(op.responses[code]?.content?.['application/json'], `${key} ${code}`).toEqual({
          schema: { $ref: '#/components/schemas/Error' },
        });
      }
      expect(op.security, key).toBeDefined();
      const isPublic = op.security!.length === 0;
      if (!isPublic) expect(op['x-ability'], key).toMatch(/^[a-z]+\.[a-zA-Z]+$/);
      if (!isPublic && !key.startsWith('GET')) expect(op.security, key).toEqual([{ session: [], csrf: [] }]);
    }
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['csrf', 'session']);
  });

  it('real status codes, file downloads and the upload', () => {
    const op = (key: string) => operations().find((o) => o.key === key)!.op;
    expect(Object.keys(op('POST /api/leads').responses)).toContain('201');
    expect(Object.keys(op('POST /api/projects').responses)).toContain('201');
    expect(Object.keys(op('POST /api/auth/logout').responses)).toContain('204');
    expect(op('GET /api/leads/export.xlsx').responses['200']!.content).toHaveProperty([XLSX_MIME]);
    expect(op('POST /api/targets/import').requestBody!.content).toHaveProperty([XLSX_MIME]);
    expect(op('POST /api/auth/login').security).toEqual([]);
  });

  it('docs/API.md lists every operation with the ability it needs', () => {
    const text = readFileSync(join(root, 'docs/API.md'), 'utf8').replace(/ +/g, ' ');
    const missing = operations()
      .map(({ key, op }) => `| \`${key}\` | \`${op['x-ability'] ?? 'public'}\` |`)
      .filter((row) => !text.includes(row));
    expect(missing).toEqual([]);
  });

  it('Redocly lint (recommended rules) reports no error', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'it-openapi-')), 'openapi.json');
    writeFileSync(file, JSON.stringify(doc));
    const run = spawnSync(
      process.execPath,
      [
        join(root, 'node_modules/@redocly/cli/bin/cli.js'),
        'lint',
        file,
        '--config',
        join(root, 'redocly.yaml'),
      ],
      {
        encoding: 'utf8',
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      },
    );
    expect(run.stdout + run.stderr).toMatch(/Your API description is valid/);
    expect(run.stdout + run.stderr).not.toMatch(/error/i);
    expect(run.status).toBe(0);
  }, 60_000);

  it('a generated client type-checks with no casts and takes a lead from sign-in to its project', async () => {
    const types = astToString(await openapiTS(doc as never));
    writeFileSync(join(root, 'contract/openapi.d.ts'), types);
    // Every lead and project call is typed (not `never`): the generated paths name their bodies.
    expect(types).toMatch(/"\/api\/leads\/\{id\}\/sign": \{/);
    const tsc = spawnSync(
      process.execPath,
      [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'contract/tsconfig.json')],
      { encoding: 'utf8' },
    );
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
    // Asynchronously: the server answering it runs in this process.
    const run = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', join(root, 'contract/client.ts'), baseUrl, 'city', DEMO_PASSWORD],
      { encoding: 'utf8', cwd: root, timeout: 60_000 },
    );
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/signed: lead signed, project \S+ of lead \d+/);
    expect(run.stdout).toMatch(/^ok JM-\d{4}-\d{4} /m);
  }, 120_000);
});
