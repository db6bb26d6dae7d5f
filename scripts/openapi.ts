/**
 * `npm run contract`: writes the OpenAPI document (contract/openapi.json) and its TypeScript types
 * for openapi-fetch (contract/openapi.d.ts) from the app itself, without starting a server.
 */
import { writeFileSync } from 'node:fs';
import openapiTS, { astToString } from 'openapi-typescript';
import { buildApp } from '../src/server/app.js';
import { createDb } from '../src/server/db/index.js';

const db = createDb('sqlite::memory:');
const app = await buildApp({ db });
await app.ready();
const doc = app.swagger();
writeFileSync('contract/openapi.json', `${JSON.stringify(doc, null, 2)}\n`);
writeFileSync('contract/openapi.d.ts', astToString(await openapiTS(doc as never)));
await app.close();
await db.destroy();
console.log('contract/openapi.json and contract/openapi.d.ts written');
