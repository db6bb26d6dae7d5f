import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { beforeEach, describe, expect, it } from 'vitest';
import { appForFile, dialects, lastAudit, login, type Session, type TestApp } from '../../test/helpers.js';

const CSV = 'text/csv';
const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A county ledger as counties keep them: a title row, a merged group header, blank rows, 万元. */
async function countyLedger(rows: (string | number | Date | null)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('2024年线索');
  ws.addRow(['台山市招商引资线索台账（2024年）']);
  ws.mergeCells('A1:I1');
  ws.addRow([
    '项目名称',
    '投资主体',
    '统一社会信用代码',
    '投资额（万元）',
    '时间',
    null,
    '进展',
    '跟进县区',
    '备注',
  ]);
  ws.addRow([null, null, null, null, '登记日期', '签约日期', null, null, null]);
  ws.mergeCells('E2:F2');
  for (const r of rows) {
    ws.addRow(r);
    ws.addRow([]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe.each(dialects())('imports (%s)', (dialect) => {
  let t: TestApp;
  let city: Session;
  const file = appForFile(dialect, { now: '2024-09-27T10:00:00+08:00' });
  beforeEach(async () => {
    t = await file.fresh();
    city = await login(t.app, 'city');
  });

  const upload = (s: Session, kind: string, body: Buffer, type = XLSX, name = 'ledger.xlsx') =>
    s.call('POST', `/api/imports?kind=${kind}&fileName=${encodeURIComponent(name)}`, body, {
      'content-type': type,
    });

  it('finds the header below a title row and under merged cells, maps columns and reads 万元', async () => {
    const buf = await countyLedger([
      [
        '滨海储能电池基地',
        '广东海川储能科技有限公司',
        null,
        150000,
        '2024-03-05',
        '2024-06-18',
        '已签约',
        '台山',
        null,
      ],
      ['智能装备产业园', '江门市智造装备有限公司', null, 30000, '2024/04/10', null, '在谈', '台山市', null],
    ]);
    const res = await upload(city, 'leads', buf);
    expect(res.statusCode, res.body).toBe(201);
    const batch = res.json();
    expect(batch.mapping.headerRow).toBe(3);
    const field = (letter: string) => batch.columns.find((c: { letter: string }) => c.letter === letter);
    expect(field('A').field).toBe('projectName');
    expect(field('B').field).toBe('investorName');
    expect(field('D')).toMatchObject({ field: 'plannedInvestment', unit: 'wan', unitFromHeader: true });
    expect(field('E').field).toBe('receivedAt');
    expect(field('F').field).toBe('signedOn');
    expect(field('G').field).toBe('stage');
    expect(field('H').field).toBe('countyOrgIds');

    const dry = await city.call('POST', `/api/imports/${batch.id}/dry-run`, { mapping: batch.mapping });
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json().counts).toEqual({ new: 2, duplicate: 0, file_duplicate: 0, refused: 0 });

    const done = await city.call('POST', `/api/imports/${batch.id}/commit`, {});
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().counts).toMatchObject({ rows: 2, created: 2, projects: 1 });
    const audit = await lastAudit(t.db);
    expect(audit[0]).toMatchObject({ action: 'import.committed' });

    const signed = (await city.call('GET', '/api/leads?q=滨海储能')).json().items[0];
    expect(signed).toMatchObject({ stage: 'signed', plannedInvestmentYuan: 1_500_000_000 });
    const detail = (await city.call('GET', `/api/leads/${signed.id}`)).json().lead;
    expect(detail.project).toBeTruthy();
    expect(detail.events.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['registered', 'sign']),
    );
    const project = (await city.call('GET', `/api/projects/${detail.project.id}`)).json();
    expect(project.project).toMatchObject({ signedOn: '2024-06-18', totalInvestmentYuan: 1_500_000_000 });
    const following = (await city.call('GET', '/api/leads?q=智能装备产业园')).json().items[0];
    expect(following).toMatchObject({ stage: 'following', plannedInvestmentYuan: 300_000_000 });
  });

  it('historic step dates give the clocks their verdicts, counted in the time-limit report of their month', async () => {
    const csv = [
      '项目名称,投资方,计划投资（亿元）,接收时间,响应时间,研判时间,反馈时间,阶段',
      // Received Monday 4 March 2024; answered the next working day (on time), assessed late.
      '锂电材料项目,江门锂源材料有限公司,3,2024-03-04 10:00,2024-03-05 09:30,2024-03-20 10:00,2024-03-21 10:00,已反馈',
    ].join('\r\n');
    const res = await upload(city, 'leads', Buffer.from(csv), CSV, 'ledger.csv');
    expect(res.statusCode, res.body).toBe(201);
    const batch = res.json();
    expect(
      (await city.call('POST', `/api/imports/${batch.id}/dry-run`, { mapping: batch.mapping })).json().counts
        .new,
    ).toBe(1);
    expect((await city.call('POST', `/api/imports/${batch.id}/commit`, {})).statusCode).toBe(200);
    const lead = (await city.call('GET', '/api/leads?q=锂电材料')).json().items[0];
    expect(lead.stage).toBe('feedback_given');
    expect(lead.receivedAt).toBe('2024-03-04T02:00:00.000Z');
    const report = (await city.call('GET', '/api/reports/sla?from=2024-03-01&to=2024-03-31')).json();
    const step = (s: string) => report.byStep.find((r: { step: string }) => r.step === s);
    expect(step('response')).toMatchObject({ completed: 1, onTime: 1, late: 0 });
    expect(step('assessment')).toMatchObject({ completed: 1, onTime: 0, late: 1 });
  });

  it('reads what LibreOffice and Chinese Excel write: xlsx, GBK CSV, UTF-8 CSV with BOM — the same rows each time', async () => {
    const gbk = fixture('gbk-county-ledger.csv');
    const bom = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(new TextDecoder('gbk').decode(gbk)),
    ]);
    const files: [string, Buffer, string][] = [
      ['libreoffice-county-ledger.xlsx', fixture('libreoffice-county-ledger.xlsx'), XLSX],
      ['libreoffice-gbk-ledger.csv', fixture('libreoffice-gbk-ledger.csv'), CSV],
      ['gbk-county-ledger.csv', gbk, CSV],
      ['bom.csv', bom, CSV],
    ];
    for (const [name, body, type] of files) {
      const res = await upload(city, 'leads', body, type, name);
      expect(res.statusCode, `${name}: ${res.body}`).toBe(201);
      const batch = res.json();
      expect(batch.mapping.headerRow, name).toBe(3);
      expect(batch.columns.map((c: { field: string | null }) => c.field).slice(0, 8)).toEqual([
        null,
        'projectName',
        'investorName',
        'investorCreditCode',
        'plannedInvestment',
        'receivedAt',
        'stage',
        'countyOrgIds',
      ]);
      // The receipt column has no time: the dry run reads the dates in their Chinese forms.
      const dry = (
        await city.call('POST', `/api/imports/${batch.id}/dry-run`, { mapping: batch.mapping })
      ).json();
      expect(dry.counts, name).toEqual({ new: 2, duplicate: 0, file_duplicate: 0, refused: 1 });
      // 8000万元 is below the ledger's 1亿元 scope: refused, the cell named.
      expect(dry.rows.find((r: { fate: string }) => r.fate === 'refused')).toMatchObject({
        row: 7,
        issues: [{ cell: 'E7', text: { zh: '计划投资不足 1 亿元，不属于线索登记范围' } }],
      });
    }
  });
});
