import { beforeEach, describe, expect, it } from 'vitest';
import { appForFile, dialects, lastAudit, login, type Session, type TestApp } from '../../test/helpers.js';
import { completeClock, presentClock, startClock } from '../sla/clocks.js';
import { currentCalendar } from './store.js';

describe.each(dialects())('calendar and deadlines API (%s)', (dialect) => {
  let t: TestApp;
  let admin: Session;
  let officer: Session;
  const file = appForFile(dialect, { now: '2024-09-26T09:00:00+08:00' });
  beforeEach(async () => {
    t = await file.fresh();
    admin = await login(t.app, 'admin');
    officer = await login(t.app, 'taishan');
  });

  it('lists days with their kinds and names, and the years with no arrangement', async () => {
    const res = await officer.call('GET', '/api/calendar/days?from=2024-09-27&to=2024-10-02');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      items: [
        { date: '2024-09-27', workday: true, kind: 'workday' },
        { date: '2024-09-28', workday: false, kind: 'weekend' },
        { date: '2024-09-29', workday: true, kind: 'adjusted_workday', name: '国庆节' },
        { date: '2024-09-30', workday: true, kind: 'workday' },
        { date: '2024-10-01', workday: false, kind: 'holiday', name: '国庆节' },
        { date: '2024-10-02', workday: false, kind: 'holiday', name: '国庆节' },
      ],
      missingYears: [],
    });
    const ahead = (await officer.call('GET', '/api/calendar/days?from=2026-12-31&to=2027-01-02')).json();
    expect(ahead.missingYears).toEqual([2027]);
    expect(ahead.items).toEqual([
      { date: '2026-12-31', workday: true, kind: 'workday' },
      { date: '2027-01-01', workday: false, kind: 'holiday', name: '元旦', provisional: true },
      { date: '2027-01-02', workday: false, kind: 'weekend', provisional: true },
    ]);
  });

  it('computes deadlines as API.md says, with provisional past the loaded years', async () => {
    const q = (start: string, amount: number | string, unit: string) =>
      officer.call(
        'GET',
        `/api/calendar/deadline?start=${encodeURIComponent(start)}&amount=${amount}&unit=${unit}`,
      );
    const res = await q('2024-09-27T10:00:00+08:00', 1, 'workday');
    expect(res.json()).toEqual({
      startDate: '2024-09-27',
      dueDate: '2024-09-29',
      dueAt: '2024-09-30T00:00:00+08:00',
      provisional: false,
    });
    expect((await q('2024-09-26T10:00:00+08:00', 7, 'natural')).json().dueDate).toBe('2024-10-08');
    expect((await q('2026-12-31T10:00:00+08:00', 1, 'workday')).json()).toMatchObject({
      dueDate: '2027-01-04',
      provisional: true,
    });
    // Outside the calendar: 400 naming the field, never 500.
    for (const [query, path] of [
      ['start=1999-06-01T10:00:00%2B08:00&amount=1&unit=workday', 'start'],
      ['start=2101-01-05T10:00:00%2B08:00&amount=1&unit=workday', 'start'],
      ['start=2098-06-01T10:00:00%2B08:00&amount=1000&unit=natural', 'amount'],
    ] as const) {
      const res = await officer.call('GET', `/api/calendar/deadline?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().error.details.map((d: { path: string }) => d.path)).toEqual([path]);
      expect(res.json().error.message).toMatch(/2000.*2100/);
    }
  });

  it('names the field for bad input: unknown unit, negative or huge amount, malformed date', async () => {
    const bad = async (query: string, path: string) => {
      const res = await officer.call('GET', `/api/calendar/deadline?${query}`);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
      expect(res.json().error.details.map((d: { path: string }) => d.path)).toContain(path);
    };
    const start = encodeURIComponent('2024-09-27T10:00:00+08:00');
    await bad(`start=${start}&amount=1&unit=hour`, 'unit');
    await bad(`start=${start}&amount=-1&unit=workday`, 'amount');
    await bad(`start=${start}&amount=100000&unit=workday`, 'amount');
    await bad(`start=${start}&amount=two&unit=workday`, 'amount');
    await bad('start=2024-13-45&amount=1&unit=workday', 'start');
    await bad(`amount=1&unit=workday`, 'start');
    const days = await officer.call('GET', '/api/calendar/days?from=2024-02-30&to=2024-03-01');
    expect(days.json().error.details[0]).toEqual({
      path: 'from',
      message: '开始日期：日期格式不正确，应为 YYYY-MM-DD',
    });
    const order = await officer.call('GET', '/api/calendar/days?from=2024-03-01&to=2024-02-01');
    expect(order.json().error.details[0].path).toBe('to');
  });

  it('the admin marks a day; the deadline moves; it is audited; others may not', async () => {
    expect((await officer.call('PUT', '/api/calendar/days/2024-09-29', { workday: false })).statusCode).toBe(
      403,
    );
    const res = await admin.call('PUT', '/api/calendar/days/2024-09-29', {
      workday: false,
      name: '台风停工',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().day).toEqual({ date: '2024-09-29', workday: false, kind: 'holiday', name: '台风停工' });
    const [entry] = await lastAudit(t.db);
    expect(entry).toMatchObject({ action: 'calendar.day_changed', entity_id: '2024-09-29' });
    expect(JSON.parse(entry!.before_json!).kind).toBe('adjusted_workday');
    const due = await officer.call(
      'GET',
      `/api/calendar/deadline?start=${encodeURIComponent('2024-09-27T10:00:00+08:00')}&amount=1&unit=workday`,
    );
    expect(due.json().dueDate).toBe('2024-09-30');
    // Back to the plain rule: a Sunday that is not worked keeps no row at all.
    await admin.call('PUT', '/api/calendar/days/2024-09-29', { workday: false });
    const row = await t.db.kysely
      .selectFrom('calendar_days')
      .selectAll()
      .where('date', '=', '2024-09-29')
      .execute();
    expect(row).toEqual([]);
  });

  it('loads a new year from the State Council notice; 2027 stops being provisional', async () => {
    const body = {
      year: 2027,
      source: '国办发明电〔2026〕X号',
      holidays: [
        { name: '元旦', from: '2027-01-01', to: '2027-01-03' },
        { name: '春节', from: '2027-02-05', to: '2027-02-12' },
      ],
      adjustedWorkdays: [{ date: '2027-02-14', name: '春节' }],
    };
    const bad = await admin.call('POST', '/api/calendar/years', {
      ...body,
      adjustedWorkdays: [{ date: '2027-02-15', name: '春节' }], // a Monday
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toBe('adjustedWorkdays.0.date');
    const res = await admin.call('POST', '/api/calendar/years', body);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ year: 2027, holidays: 11, adjustedWorkdays: 1 });
    expect((await lastAudit(t.db))[0]!.action).toBe('calendar.year_loaded');
    const days = (await officer.call('GET', '/api/calendar/days?from=2027-02-12&to=2027-02-15')).json();
    expect(days.missingYears).toEqual([]);
    expect(days.items.map((d: { kind: string }) => d.kind)).toEqual([
      'holiday',
      'weekend',
      'adjusted_workday',
      'workday',
    ]);
    const years = (await admin.call('GET', '/api/calendar/years')).json();
    expect(years.items.map((y: { year: number }) => y.year)).toEqual([2024, 2025, 2026, 2027]);
  });

  it('an edit moves the open clocks due on or after the day, and the deadlines the ledger filters on', async () => {
    const city = await login(t.app, 'city');
    const register = async (name: string, receivedAt: string) => {
      const res = await city.call('POST', '/api/leads', {
        projectName: `${name}项目`,
        investorName: `江门${name}有限公司`,
        plannedInvestmentYuan: 200_000_000,
        referrer: { name: '县招商局', kind: 'county' },
        channel: 'county',
        receivedAt,
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().lead as { id: number; code: string; sla: { response: { dueDate: string } } };
    };
    // Due Friday 09-27 (the next working day), and due Thursday 09-26, before the edited day.
    const friday = await register('周五到期', '2024-09-26T08:00:00+08:00');
    const thursday = await register('周四到期', '2024-09-25T10:00:00+08:00');
    expect([friday.sla.response.dueDate, thursday.sla.response.dueDate]).toEqual([
      '2024-09-27',
      '2024-09-26',
    ]);
    const res = await admin.call('PUT', '/api/calendar/days/2024-09-27', {
      workday: false,
      name: '台风停工',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().clocksMoved).toBeGreaterThanOrEqual(1);
    const ledger = (await city.call('GET', '/api/leads?pageSize=100')).json().items as {
      id: number;
      waiting: { dueDate: string } | null;
      sla: { response: { dueDate: string } };
    }[];
    const row = (id: number) => ledger.find((l) => l.id === id)!;
    // The next working day after Friday is the adjusted Sunday 09-29: the clock and its copy.
    expect(row(friday.id).sla.response.dueDate).toBe('2024-09-29');
    expect(row(friday.id).waiting?.dueDate).toBe('2024-09-29');
    expect(row(thursday.id).sla.response.dueDate).toBe('2024-09-26');
    const dueBy = (await city.call('GET', '/api/leads?slaStatus=overdue&pageSize=100'))
      .json()
      .items.map((l: { id: number }) => l.id);
    expect(dueBy).not.toContain(friday.id);
  });

  it('open clocks follow a calendar edit; a completed one keeps its verdict', async () => {
    const calendar = await currentCalendar(t.db.kysely);
    const started = new Date('2024-09-27T10:00:00+08:00');
    const [open, done] = await t.db.kysely.transaction().execute(async (trx) => [
      await startClock(trx, calendar, {
        entityType: 'test',
        entityId: 1,
        step: 'response',
        policyStep: 'response',
        startedAt: started,
      }),
      await startClock(trx, calendar, {
        entityType: 'test',
        entityId: 2,
        step: 'response',
        policyStep: 'response',
        startedAt: started,
      }),
    ]);
    expect(open!.due_date).toBe('2024-09-29');
    // Entity 2 responded on Monday 09-30: late by the calendar of the time.
    await t.db.kysely.transaction().execute((trx) =>
      completeClock(trx, {
        entityType: 'test',
        entityId: 2,
        step: 'response',
        completedAt: new Date('2024-09-30T09:00:00+08:00'),
      }),
    );
    const res = await admin.call('PUT', '/api/calendar/days/2024-09-29', {
      workday: false,
      name: '台风停工',
    });
    expect(res.json().clocksMoved).toBe(1);
    const rows = await t.db.kysely.selectFrom('sla_clocks').selectAll().orderBy('id').execute();
    expect(rows[0]).toMatchObject({
      due_date: '2024-09-30',
      due_at: '2024-10-01T00:00:00+08:00',
      completed_at: null,
    });
    expect(rows[1]).toMatchObject({ due_date: '2024-09-29', verdict: 'met_late' });
    const view = presentClock(rows[1], await currentCalendar(t.db.kysely), t.clock.now(), 0);
    expect(view.status).toBe('met_late');
    expect(done!.id).toBe(rows[1]!.id);
  });
});

describe.each(dialects())('time-limit policies (%s)', (dialect) => {
  let t: TestApp;
  let admin: Session;
  const file = appForFile(dialect, { now: '2024-09-26T09:00:00+08:00' });
  beforeEach(async () => {
    t = await file.fresh();
    admin = await login(t.app, 'admin');
  });

  it('has DOMAIN.md defaults, readable by all', async () => {
    const s = await login(t.app, 'city');
    const res = (await s.call('GET', '/api/sla/policies')).json();
    expect(
      res.items.map(({ step, amount, unit }: { step: string; amount: number; unit: string }) => [
        step,
        amount,
        unit,
      ]),
    ).toEqual([
      ['response', 1, 'workday'],
      ['assessment', 3, 'workday'],
      ['assessment_major', 5, 'workday'],
      ['feedback', 5, 'workday'],
      ['progress', 10, 'workday'],
      ['coordination', 5, 'workday'],
      ['monthly_report', 6, 'natural'],
      ['trip_report', 5, 'workday'],
    ]);
    expect(res.dueSoonWorkingHours).toBe(0);
  });

  it('the admin changes a limit, audited; running clocks keep theirs, new clocks take the new one', async () => {
    const calendar = await currentCalendar(t.db.kysely);
    const start = new Date('2024-09-27T10:00:00+08:00');
    const before = await t.db.kysely.transaction().execute((trx) =>
      startClock(trx, calendar, {
        entityType: 'test',
        entityId: 1,
        step: 'response',
        policyStep: 'response',
        startedAt: start,
      }),
    );

    const city = await login(t.app, 'city');
    expect(
      (
        await city.call('PUT', '/api/sla/policies', {
          items: [{ step: 'response', amount: 2, unit: 'workday' }],
        })
      ).statusCode,
    ).toBe(403);
    const res = await admin.call('PUT', '/api/sla/policies', {
      items: [{ step: 'response', amount: 7, unit: 'natural' }],
      dueSoonWorkingHours: 8,
    });
    expect(res.statusCode).toBe(200);
    const response = res.json().items.find((p: { step: string }) => p.step === 'response');
    expect(response).toMatchObject({ amount: 7, unit: 'natural', version: 2 });
    expect(res.json().dueSoonWorkingHours).toBe(8);
    const [entry] = await lastAudit(t.db);
    expect(entry!.action).toBe('sla.policies_changed');
    expect(JSON.parse(entry!.before_json!).items[0]).toEqual({
      step: 'response',
      amount: 1,
      unit: 'workday',
    });

    const after = await t.db.kysely.transaction().execute((trx) =>
      startClock(trx, calendar, {
        entityType: 'test',
        entityId: 2,
        step: 'response',
        policyStep: 'response',
        startedAt: start,
      }),
    );
    expect([before.amount, before.unit, before.due_date]).toEqual([1, 'workday', '2024-09-29']);
    expect([after.amount, after.unit, after.due_date]).toEqual([7, 'natural', '2024-10-08']);
  });

  it('refuses bad policies, naming the field', async () => {
    const res = await admin.call('PUT', '/api/sla/policies', {
      items: [{ step: 'respond', amount: 0, unit: 'hours' }],
    });
    expect(res.statusCode).toBe(400);
    const paths = res
      .json()
      .error.details.map((d: { path: string }) => d.path)
      .sort();
    expect(paths).toEqual(['items.0.amount', 'items.0.step', 'items.0.unit']);
  });
});
