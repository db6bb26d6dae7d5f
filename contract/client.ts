/**
 * A client of the InvestTrack API generated from /api/openapi.json (openapi-typescript +
 * openapi-fetch), as an integrator would write one: sign in, list leads, register a lead, take it
 * through every step and read the project it became. It type-checks with no casts, and
 * src/server/contract.test.ts runs it against a live server: `node --import tsx contract/client.ts <base URL>`.
 * `npm run contract` regenerates openapi.d.ts from a running build.
 */
import createClient from 'openapi-fetch';
import type { paths } from './openapi.js';

const baseUrl = process.argv[2] ?? 'http://localhost:3000';
const username = process.argv[3] ?? 'city';
const password = process.argv[4] ?? 'Demo#2024jm';

function fail(step: string, error: { error: { code: string; message: string } } | undefined): never {
  throw new Error(`${step}: ${error?.error.code} ${error?.error.message}`);
}

const api = createClient<paths>({ baseUrl });

const login = await api.POST('/api/auth/login', { body: { username, password } });
if (!login.data) fail('login', login.error);
const cookie = login.response.headers.get('set-cookie')?.split(';')[0] ?? '';
const headers = { cookie, 'X-CSRF-Token': login.data.csrfToken };
console.log(`signed in as ${login.data.user.displayName} (${login.data.user.roles.join(', ')})`);

const ledger = await api.GET('/api/leads', { params: { query: { pageSize: 5 } }, headers });
if (!ledger.data) fail('ledger', ledger.error);
console.log(`ledger: ${ledger.data.total} leads, first ${ledger.data.items[0]?.code ?? '-'}`);

const officers = await api.GET('/api/officers', { headers });
if (!officers.data) fail('officers', officers.error);
const me = officers.data.items.find((o) => o.id === login.data.user.id) ?? officers.data.items[0];
const orgs = await api.GET('/api/orgs', { headers });
if (!orgs.data) fail('orgs', orgs.error);
const county = orgs.data.items.find((o) => o.kind === 'county');
if (!me || !county) throw new Error('no officer or county to work with');

const stamp = Date.now().toString(36);
const registered = await api.POST('/api/leads', {
  headers,
  body: {
    projectName: `接口客户端测试项目 ${stamp}`,
    investorName: `接口客户端测试投资有限公司${stamp}`,
    plannedInvestmentYuan: 300_000_000,
    referrer: { name: '周顾问', kind: 'resident_team' },
    channel: 'resident_team',
  },
});
if (!registered.data) fail('register', registered.error);
const lead = registered.data.lead;
const path = { path: { id: lead.id } };
console.log(`registered ${lead.code}: ${lead.stage}, respond by ${lead.sla.response.dueDate}`);

const responded = await api.POST('/api/leads/{id}/respond', {
  params: path,
  headers,
  body: {
    ownerUserId: me.id,
    contactNote: '已电话联系投资方',
    keyInfo: {
      investorProfile: '民营制造企业',
      investmentContent: '新建生产线',
      benefits: '年产值 5 亿元',
      siteRequirements: '工业用地 100 亩',
      coordinationNeeds: '用电报装',
    },
  },
});
if (!responded.data) fail('respond', responded.error);
const aspect = '符合产业方向';
const assessed = await api.POST('/api/leads/{id}/assess', {
  params: path,
  headers,
  body: {
    decision: 'follow',
    aspects: {
      industryDirection: aspect,
      industryPull: aspect,
      marketProspects: aspect,
      technologyRoute: aspect,
      environment: aspect,
      energy: aspect,
      benefits: aspect,
    },
    proposals: '分派县区跟进',
  },
});
if (!assessed.data) fail('assess', assessed.error);
const fedBack = await api.POST('/api/leads/{id}/feedback', {
  params: path,
  headers,
  body: { to: '周顾问', channel: 'phone', note: '同意跟进' },
});
if (!fedBack.data) fail('feedback', fedBack.error);
const dispatched = await api.POST('/api/leads/{id}/dispatch', {
  params: path,
  headers,
  body: { countyOrgIds: [county.id] },
});
if (!dispatched.data) fail('dispatch', dispatched.error);
const progressed = await api.POST('/api/leads/{id}/progress', {
  params: path,
  headers,
  body: { summary: '已实地考察', nextSteps: '谈判协议' },
});
if (!progressed.data) fail('progress', progressed.error);
console.log(`progress reported; next report due ${progressed.data.lead.sla.progress.dueDate}`);
const signed = await api.POST('/api/leads/{id}/sign', { params: path, headers, body: {} });
if (!signed.data) fail('sign', signed.error);
console.log(
  `signed: lead ${signed.data.lead.stage}, project ${signed.data.project.code} of lead ${signed.data.project.leadId}`,
);

const project = await api.GET('/api/projects/{id}', {
  params: { path: { id: signed.data.projectId } },
  headers,
});
if (!project.data) fail('project', project.error);
const p = project.data.project;
console.log(
  `project ${p.code}: ${p.stage}, ${p.totalInvestmentYuan} yuan, signed ${p.signedOn}, county ${p.countyOrgId}`,
);
console.log(`ok ${lead.code} ${p.code}`);
