/**
 * The door of every route: each operation asks for the ability written down below, and every demo
 * role without that ability gets 403 from it, whatever the path or body (checked before validation).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, login, type Session, type TestApp } from '../test/helpers.js';

/** Which ability each operation needs ('public': none, no session either). */
const ABILITY: Record<string, string> = {
  'GET /api/health': 'public',
  'POST /api/auth/login': 'public',
  'POST /api/auth/logout': 'session.own',
  'GET /api/auth/me': 'session.own',
  'POST /api/auth/password': 'account.changePassword',
  'GET /api/auth/sessions': 'session.own',
  'POST /api/auth/totp/setup': 'session.own',
  'POST /api/auth/totp/enable': 'session.own',
  'POST /api/auth/totp/disable': 'session.own',
  'POST /api/auth/sessions/end-others': 'session.own',
  'GET /api/users': 'user.read',
  'POST /api/users': 'user.manage',
  'PATCH /api/users/{id}': 'user.manage',
  'POST /api/users/{id}/reset-password': 'user.manage',
  'POST /api/users/{id}/unlock': 'user.manage',
  'POST /api/users/{id}/reset-totp': 'user.manage',
  'GET /api/approvals': 'approval.read',
  'POST /api/approvals/{id}/decision': 'approval.decide',
  'GET /api/orgs': 'org.read',
  'POST /api/orgs': 'org.manage',
  'PATCH /api/orgs/{id}': 'org.manage',
  'GET /api/audit': 'audit.read',
  'GET /api/audit/verify': 'audit.read',
  'GET /api/calendar/days': 'calendar.read',
  'PUT /api/calendar/days/{date}': 'calendar.manage',
  'GET /api/calendar/years': 'calendar.read',
  'POST /api/calendar/years': 'calendar.manage',
  'GET /api/calendar/deadline': 'calendar.read',
  'GET /api/sla/policies': 'sla.read',
  'PUT /api/sla/policies': 'sla.manage',
  'GET /api/industries': 'industry.read',
  'GET /api/industries/{code}': 'industry.read',
  'GET /api/clusters': 'industry.read',
  'POST /api/clusters': 'cluster.manage',
  'PATCH /api/clusters/{id}': 'cluster.manage',
  'GET /api/chains': 'industry.read',
  'POST /api/chains': 'chain.manage',
  'GET /api/chains/{id}': 'lead.list',
  'PATCH /api/chains/{id}': 'chain.manage',
  'GET /api/chain-links/{id}/records': 'lead.list',
  'POST /api/chains/{id}/links': 'chain.manage',
  'POST /api/chain-links/{id}/firms': 'chain.manage',
  'DELETE /api/chain-firms/{id}': 'chain.manage',
  'PUT /api/chain-links/{id}': 'chain.manage',
  'GET /api/leads': 'lead.list',
  'POST /api/leads': 'lead.register',
  'GET /api/leads/export.xlsx': 'lead.list',
  'GET /api/leads/export.csv': 'lead.list',
  'GET /api/leads/summary': 'lead.list',
  'GET /api/leads/my-work': 'lead.work',
  'GET /api/leads/conflicts': 'lead.handle',
  'POST /api/leads/links/{id}/dismiss': 'lead.handle',
  'GET /api/leads/{id}': 'lead.list',
  'POST /api/leads/{id}/contact': 'lead.list',
  'PATCH /api/leads/{id}': 'lead.list',
  'POST /api/leads/{id}/respond': 'lead.list',
  'POST /api/leads/{id}/assess': 'lead.list',
  'POST /api/leads/{id}/feedback': 'lead.list',
  'POST /api/leads/{id}/dispatch': 'lead.list',
  'POST /api/leads/{id}/progress': 'lead.list',
  'POST /api/leads/{id}/sign': 'lead.list',
  'POST /api/leads/{id}/close': 'lead.list',
  'POST /api/leads/{id}/supplement': 'lead.list',
  'POST /api/leads/{id}/merge': 'lead.handle',
  'POST /api/leads/{id}/clusters': 'lead.handle',
  'POST /api/leads/{id}/owner': 'lead.handle',
  'GET /api/officers': 'lead.handle',
  'GET /api/reports/weekly': 'lead.report',
  'GET /api/reports/weekly.xlsx': 'lead.report',
  'GET /api/reports/sla': 'lead.report',
  'GET /api/projects': 'project.list',
  'POST /api/projects': 'project.create',
  'GET /api/projects/export.xlsx': 'project.list',
  'GET /api/projects/export.csv': 'project.list',
  'GET /api/projects/{id}': 'project.list',
  'PATCH /api/projects/{id}': 'project.update',
  'POST /api/projects/{id}/milestones': 'project.update',
  'PUT /api/projects/{id}/clusters': 'project.clusters',
  'GET /api/coordination-issues': 'project.list',
  'POST /api/projects/{id}/issues': 'issue.raise',
  'POST /api/coordination-issues/{id}/answer': 'issue.answer',
  'POST /api/coordination-issues/{id}/close': 'issue.raise',
  'GET /api/projects/{id}/investment': 'project.list',
  'POST /api/projects/{id}/status': 'project.update',
  'PUT /api/projects/{id}/plans/{year}': 'project.update',
  'PUT /api/projects/{id}/months/{month}': 'project.update',
  'GET /api/stats/pipeline': 'stats.read',
  'GET /api/stats/dashboard': 'stats.read',
  'GET /api/stats/report': 'stats.read',
  'GET /api/stats/report.xlsx': 'stats.read',
  'GET /api/stats/key-projects': 'stats.read',
  'POST /api/attachments': 'attachment.use',
  'GET /api/attachments': 'attachment.use',
  'GET /api/attachments/{id}/content': 'attachment.use',
  'DELETE /api/attachments/{id}': 'attachment.use',
  'GET /api/projects/{id}/agreement': 'project.list',
  'PUT /api/projects/{id}/agreement': 'project.update',
  'PUT /api/projects/{id}/actuals/{year}': 'project.update',
  'POST /api/projects/{id}/agreement/breaches': 'issue.raise',
  'GET /api/land-standards': 'standard.read',
  'POST /api/land-standards': 'standard.manage',
  'PUT /api/land-standards/{id}': 'standard.manage',
  'DELETE /api/land-standards/{id}': 'standard.manage',
  'GET /api/leads/{id}/reviews': 'review.read',
  'POST /api/leads/{id}/reviews': 'review.manage',
  'PATCH /api/reviews/{id}': 'review.manage',
  'POST /api/reviews/{id}/opinions': 'review.manage',
  'POST /api/reviews/{id}/decision': 'review.manage',
  'GET /api/settings/admission-review': 'review.read',
  'PUT /api/settings/admission-review': 'sla.manage',
  'GET /api/reports/lost-leads': 'lead.report',
  'GET /api/investors': 'investor.read',
  'POST /api/investors': 'investor.manage',
  'GET /api/investors/{id}': 'investor.read',
  'PATCH /api/investors/{id}': 'investor.manage',
  'POST /api/investors/{id}/contacts': 'investor.manage',
  'POST /api/investors/{id}/contacts/{contactId}/reveal': 'investor.read',
  'POST /api/investors/{id}/merge': 'investor.merge',
  'GET /api/visits': 'visit.read',
  'GET /api/visits/my-steps': 'visit.record',
  'POST /api/visits': 'visit.record',
  'GET /api/visits/{id}': 'visit.read',
  'PATCH /api/visits/{id}': 'visit.record',
  'POST /api/visits/{id}/next-done': 'visit.record',
  'GET /api/trips': 'visit.read',
  'POST /api/trips': 'visit.record',
  'GET /api/trips/{id}': 'visit.read',
  'PATCH /api/trips/{id}': 'visit.record',
  'POST /api/trips/{id}/report': 'visit.record',
  'GET /api/field/report': 'visit.read',
  'GET /api/field/stale-firms': 'visit.read',
  'GET /api/field/report.xlsx': 'visit.read',
  'GET /api/stats/key-projects.xlsx': 'stats.read',
  'GET /api/targets': 'target.read',
  'PUT /api/targets': 'target.manage',
  'DELETE /api/targets/{id}': 'target.manage',
  'GET /api/targets/template.xlsx': 'target.manage',
  'POST /api/targets/import': 'target.manage',
  'GET /api/indicator-values': 'target.read',
  'PUT /api/indicator-values': 'target.manage',
  'POST /api/imports': 'import.use',
  'GET /api/imports': 'import.use',
  'GET /api/imports/{id}': 'import.use',
  'POST /api/imports/{id}/dry-run': 'import.use',
  'GET /api/imports/{id}/report.xlsx': 'import.use',
  'POST /api/imports/{id}/commit': 'import.use',
  'POST /api/imports/{id}/undo': 'import.use',
  'GET /api/notifications': 'notification.own',
  'GET /api/notifications/unread': 'notification.own',
  'POST /api/notifications/{id}/read': 'notification.own',
  'POST /api/notifications/read-all': 'notification.own',
  'GET /api/notifications/preferences': 'notification.own',
  'PUT /api/notifications/preferences': 'notification.own',
  'GET /api/channels': 'channel.manage',
  'POST /api/channels': 'channel.manage',
  'GET /api/channels/{id}': 'channel.manage',
  'PUT /api/channels/{id}': 'channel.manage',
  'DELETE /api/channels/{id}': 'channel.manage',
  'POST /api/channels/{id}/test': 'channel.manage',
  'GET /api/deliveries': 'channel.manage',
  'GET /api/jobs': 'channel.manage',
};

const ROLES = ['admin', 'auditor', 'city', 'taishan', 'leader', 'referrer'] as const;

/** A concrete URL for a templated path: ids, a date, an industry code. */
const concrete = (path: string) =>
  path
    .replace('{date}', '2026-03-02')
    .replace('{code}', 'C')
    .replace(/\{[a-zA-Z]+\}/g, '1');

describe('the door: every route asks for its ability', () => {
  let t: TestApp;
  let doc: { paths: Record<string, Record<string, { 'x-ability'?: string }>> };
  const sessions = new Map<string, Session & { abilities: Record<string, boolean> }>();
  beforeAll(async () => {
    t = await buildTestApp('sqlite');
    doc = t.app.swagger() as never;
    for (const username of ROLES) {
      const s = await login(t.app, username);
      const me = (await s.call('GET', '/api/auth/me')).json();
      sessions.set(username, { ...s, abilities: me.abilities });
    }
  });
  afterAll(() => t.close());

  it('the abilities asked are the ones written here, for every operation', () => {
    const asked = Object.fromEntries(
      Object.entries(doc.paths).flatMap(([path, methods]) =>
        Object.entries(methods).map(([method, op]) => [
          `${method.toUpperCase()} ${path}`,
          op['x-ability'] ?? 'public',
        ]),
      ),
    );
    expect(asked).toEqual(ABILITY);
  });

  it('a role without the ability gets 403 on every operation that needs it', async () => {
    let refused = 0;
    for (const [operation, ability] of Object.entries(ABILITY)) {
      if (ability === 'public') continue;
      const [method, path] = operation.split(' ') as [string, string];
      for (const username of ROLES) {
        const s = sessions.get(username)!;
        if (s.abilities[ability]) continue;
        const res = await s.call(method, concrete(path), method === 'GET' ? undefined : {});
        expect(`${username} ${operation} → ${res.statusCode} ${res.json().error?.code}`).toBe(
          `${username} ${operation} → 403 FORBIDDEN`,
        );
        refused++;
      }
    }
    // Most operations are closed to several roles: the walk must have tried a good many.
    expect(refused).toBeGreaterThan(200);
  });

  it('an anonymous caller gets 401 on every operation but the public ones', async () => {
    for (const [operation, ability] of Object.entries(ABILITY)) {
      const [method, path] = operation.split(' ') as [string, string];
      const res = await t.app.inject({ method: method as 'GET', url: concrete(path) });
      if (ability === 'public') expect(res.statusCode, operation).not.toBe(401);
      else expect(res.statusCode, operation).toBe(401);
    }
  });
});
