import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  appForFile,
  dialects,
  lastAudit,
  login,
  orgIdByName,
  type Session,
  type TestApp,
} from '../../test/helpers.js';

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
      // 新材料产业园 is 已签约 with no signing date: refused, as signing needs one.
      expect(dry.counts, name).toEqual({ new: 1, duplicate: 0, file_duplicate: 0, refused: 2 });
      // 8000万元 is below the ledger's 1亿元 scope: refused, the cell named.
      expect(dry.rows.find((r: { row: number }) => r.row === 6).issues[0].text.zh).toBe(
        '已签约的线索须填写签约日期',
      );
      expect(dry.rows.find((r: { row: number }) => r.row === 7)).toMatchObject({
        row: 7,
        issues: [{ cell: 'E7', text: { zh: '计划投资不足 1 亿元，不属于线索登记范围' } }],
      });
    }
  });

  it('reads merged cells as LibreOffice writes them: a title across, a header under a group, a county merged down', async () => {
    const res = await upload(city, 'leads', fixture('libreoffice-merged-ledger.xlsx'));
    expect(res.statusCode, res.body).toBe(201);
    const batch = res.json();
    // The lower header row, each column under the merged 投资情况 named by its own cell.
    expect(batch.mapping.headerRow).toBe(3);
    expect(batch.columns.map((c: { field: string | null }) => c.field)).toEqual([
      'projectName',
      'investorName',
      'plannedInvestment',
      null,
      'receivedAt',
      'stage',
      'countyOrgIds',
    ]);
    const dry = (
      await city.call('POST', `/api/imports/${batch.id}/dry-run`, { mapping: batch.mapping })
    ).json();
    expect(dry.counts).toEqual({ new: 2, duplicate: 0, file_duplicate: 0, refused: 0 });
    const commit = await city.call('POST', `/api/imports/${batch.id}/commit`, {});
    expect(commit.statusCode, commit.body).toBe(200);
    // 台山 is written once, merged down both rows: both leads go to 台山市.
    for (const q of ['海上风电装备基地', '储能电池项目']) {
      const lead = (await city.call('GET', `/api/leads?q=${encodeURIComponent(q)}`)).json().items[0];
      const detail = (await city.call('GET', `/api/leads/${lead.id}`)).json().lead;
      expect(detail.countyOrgIds, q).toEqual([await orgIdByName(t.db, '台山市')]);
    }
  });

  const csvOf = (...lines: string[]) => Buffer.from(lines.join('\r\n'));
  const prepared = async (s: Session, kind: string, body: Buffer, type = CSV) => {
    const res = await upload(s, kind, body, type, 'ledger.csv');
    expect(res.statusCode, res.body).toBe(201);
    const batch = res.json();
    const dry = await s.call('POST', `/api/imports/${batch.id}/dry-run`, { mapping: batch.mapping });
    expect(dry.statusCode, dry.body).toBe(200);
    return { batch, dry: dry.json() };
  };
  const count = async (table: 'leads' | 'projects') =>
    Number(
      (
        await t.db.kysely
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('bad files are refused with what is wrong, and nothing is kept', async () => {
    const batches = async () => (await city.call('GET', '/api/imports')).json().items.length;
    const before = await batches();
    const cases: [Buffer, string, RegExp][] = [
      [Buffer.alloc(0), CSV, /文件为空/],
      [
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0, 1, 2, 3]),
        'application/octet-stream',
        /不是电子表格文件/,
      ],
      [Buffer.from('PK\x03\x04 not really a zip'), XLSX, /无法读取该 xlsx 文件/],
      [Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), 'application/vnd.ms-excel', /另存为/],
      [csvOf('备注,说明', '一些文字,更多文字'), CSV, /找不到表头/],
    ];
    for (const [body, type, message] of cases) {
      const res = await upload(city, 'leads', body, type);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.details[0]).toMatchObject({
        path: 'file',
        message: expect.stringMatching(message),
      });
    }
    // Larger than the limit: refused by size, the limit named.
    const big = await upload(city, 'leads', Buffer.alloc(51 * 1024 * 1024, 0x41), CSV);
    expect(big.statusCode).toBe(400);
    expect(big.json().error.message).toMatch(/50 MB/);
    expect(await batches()).toBe(before);
  });

  it('the dry run names every bad cell; a file with any refused row imports nothing', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('线索');
    ws.addRow(['项目名称', '投资方', '统一社会信用代码', '接收时间', '计划投资（亿元）']);
    ws.addRow(['好项目', '江门好企业有限公司', null, '2024-05-06', 5]);
    ws.addRow(['日期坏了', '江门甲企业有限公司', null, '明年春天', 5]);
    ws.addRow(['未来日期', '江门乙企业有限公司', null, '2099-01-01', 5]);
    ws.addRow(['校验位错', '江门丙企业有限公司', '91440784MA4UJQ2X3R', '2024-05-06', 5]);
    ws.addRow(['公式金额', '江门丁企业有限公司', null, '2024-05-06', { formula: '2+3', result: 5 }]);
    ws.addRow(['金额不是数', '江门戊企业有限公司', null, '2024-05-06', '五个亿']);
    ws.getCell('F1').value = '阶段';
    ws.addRow(['签约无日期', '江门己企业有限公司', null, '2024-05-06', 3, '已签约']);
    const { batch, dry } = await prepared(city, 'leads', Buffer.from(await wb.xlsx.writeBuffer()), XLSX);
    expect(dry.counts).toEqual({ new: 1, duplicate: 0, file_duplicate: 0, refused: 6 });
    const issues = Object.fromEntries(
      dry.rows
        .filter((r: { fate: string }) => r.fate === 'refused')
        .map((r: { issues: { cell: string; text: { zh: string } }[] }) => [
          r.issues[0]!.cell,
          r.issues[0]!.text.zh,
        ]),
    );
    expect(issues).toEqual({
      D3: '日期无法识别：“明年春天”',
      D4: '日期 2099-01-01 晚于今天',
      C5: '统一社会信用代码“91440784MA4UJQ2X3R”校验不通过',
      E6: '是公式单元格，请复制后“粘贴为数值”再导入',
      E7: '金额“五个亿”不是数字',
      F8: '已签约的线索须填写签约日期',
    });
    // The report downloads with a reason column, for fixing the file in Excel.
    const report = await city.call('GET', `/api/imports/${batch.id}/report.xlsx`);
    expect(report.statusCode).toBe(200);
    const back = new ExcelJS.Workbook();
    await back.xlsx.load(report.rawPayload as never);
    const sheet = back.worksheets[0]!;
    expect(sheet.getRow(1).values).toEqual([
      undefined,
      '行号',
      '结果',
      '原因',
      '项目名称',
      '投资方',
      '统一社会信用代码',
      '接收时间',
      '计划投资（亿元）',
      '阶段',
    ]);
    expect(sheet.getRow(3).getCell(3).value).toBe('D3：日期无法识别：“明年春天”');
    // The plan's own findings are named once each, however often the file is planned.
    expect(sheet.getRow(8).getCell(3).value).toBe(
      'F8：已签约的线索须填写签约日期；F8：跟进中或已签约的线索须填写分派县（市、区）',
    );
    expect(sheet.getRow(2).getCell(2).value).toBe('新增');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });

    const leads = await count('leads');
    const commit = await city.call('POST', `/api/imports/${batch.id}/commit`, {});
    expect(commit.statusCode).toBe(422);
    expect(commit.json().error.message).toMatch(/6 行不能导入/);
    expect(await count('leads')).toBe(leads);
  });

  it('a mapping missing a required column or an amount unit is refused, naming it', async () => {
    const res = await upload(
      city,
      'leads',
      csvOf('项目名称,投资方,投资额,接收时间', '甲,乙公司,5,2024-05-06'),
      CSV,
    );
    const batch = res.json();
    const amount = batch.columns.find((c: { letter: string }) => c.letter === 'C');
    expect(amount).toMatchObject({ field: 'plannedInvestment', unit: null, unitFromHeader: false });
    const noUnit = await city.call('POST', `/api/imports/${batch.id}/dry-run`, { mapping: batch.mapping });
    expect(noUnit.statusCode).toBe(400);
    expect(noUnit.json().error.details[0]).toMatchObject({
      path: 'columns.C',
      message: expect.stringMatching(/单位/),
    });
    const withoutName = {
      ...batch.mapping,
      columns: batch.mapping.columns.map((c: { index: number }) =>
        c.index === 0 ? { ...c, field: null } : c.index === 2 ? { ...c, unit: 'yi' } : c,
      ),
    };
    const missing = await city.call('POST', `/api/imports/${batch.id}/dry-run`, { mapping: withoutName });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.details[0].message).toMatch(/缺少必填列“项目名称”/);
  });

  it('likely duplicates: skipped, merged (empty fields filled) or new as decided; undo restores all of it', async () => {
    const first = await prepared(
      city,
      'leads',
      csvOf('项目名称,投资方,计划投资（亿元）,接收时间', '已有项目,江门已有企业有限公司,3,2024-05-01'),
    );
    await city.call('POST', `/api/imports/${first.batch.id}/commit`, {});
    const existing = (await city.call('GET', '/api/leads?q=已有项目')).json().items[0];
    const rows = csvOf(
      '项目名称,投资方,统一社会信用代码,行业,计划投资（亿元）,接收时间',
      `${existing.projectName},${existing.investorName},,3841,5,2024-05-06`,
      '全新项目,江门全新企业有限公司,,,2,2024-05-07',
      '全新项目,江门全新企业有限公司,,,2,2024-05-07',
    );
    const { batch, dry } = await prepared(city, 'leads', rows);
    expect(dry.counts).toEqual({ new: 1, duplicate: 1, file_duplicate: 1, refused: 0 });
    expect(dry.rows.find((r: { row: number }) => r.row === 2).duplicateOf).toMatchObject({
      type: 'lead',
      id: existing.id,
      reason: 'name',
    });
    expect(dry.rows.find((r: { row: number }) => r.row === 4).fileDuplicateOf).toBe(3);
    const before = (await city.call('GET', `/api/leads/${existing.id}`)).json().lead;
    const leads = await count('leads');
    const commit = await city.call('POST', `/api/imports/${batch.id}/commit`, {
      decisions: [{ row: 2, decision: 'merge' }],
    });
    expect(commit.statusCode, commit.body).toBe(200);
    expect(commit.json().counts).toMatchObject({ created: 1, merged: 1, skipped: 1 });
    expect(await count('leads')).toBe(leads + 1);
    const merged = (await city.call('GET', `/api/leads/${existing.id}`)).json().lead;
    expect(before.industryCode).toBeUndefined();
    expect(merged.industryCode).toBe('3841');
    // A committed batch is not committed twice.
    expect((await city.call('POST', `/api/imports/${batch.id}/commit`, {})).statusCode).toBe(422);

    const undo = await city.call('POST', `/api/imports/${batch.id}/undo`);
    expect(undo.statusCode, undo.body).toBe(200);
    expect(undo.json().status).toBe('undone');
    expect(await count('leads')).toBe(leads);
    expect((await city.call('GET', `/api/leads/${existing.id}`)).json().lead.industryCode).toBe(
      before.industryCode,
    );
    expect((await lastAudit(t.db))[0]).toMatchObject({ action: 'import.undone' });
  });

  it('a batch whose records changed since cannot be undone', async () => {
    const { batch } = await prepared(
      city,
      'leads',
      csvOf('项目名称,投资方,计划投资（亿元）,接收时间', '改过的项目,江门改过企业有限公司,2,2024-05-07'),
    );
    await city.call('POST', `/api/imports/${batch.id}/commit`, {});
    const lead = (await city.call('GET', '/api/leads?q=改过的项目')).json().items[0];
    const edit = await city.call('PATCH', `/api/leads/${lead.id}`, {
      version: lead.version,
      projectName: '改过的项目（二期）',
    });
    expect(edit.statusCode, edit.body).toBeLessThan(300);
    const undo = await city.call('POST', `/api/imports/${batch.id}/undo`);
    expect(undo.statusCode).toBe(422);
    expect(undo.json().error.message).toContain(lead.code);
  });

  it('a county officer imports into their own county only, never learns of other counties’ records, never sees other batches', async () => {
    const taishan = await login(t.app, 'taishan');
    const heshan = await login(t.app, 'heshan');
    const seeded = await prepared(
      city,
      'projects',
      csvOf(
        '项目名称,投资方,总投资（亿元）,签约日期,县（市、区）',
        '鹤山已有项目,鹤山已有企业有限公司,3,2024-04-06,鹤山市',
      ),
    );
    expect(seeded.dry.counts.new).toBe(1);
    await city.call('POST', `/api/imports/${seeded.batch.id}/commit`, {});
    const other = (await city.call('GET', '/api/projects?q=鹤山已有项目')).json().items[0];
    const rows = csvOf(
      '项目名称,投资方,总投资（亿元）,签约日期,县（市、区）',
      '台山自己的项目,台山自有企业有限公司,3,2024-05-06,台山',
      '别人的项目,鹤山某企业有限公司,3,2024-05-06,鹤山',
      `${other.name},${other.investorName},3,2024-05-06,`,
    );
    const { batch, dry } = await prepared(taishan, 'projects', rows);
    expect(dry.rows.find((r: { row: number }) => r.row === 3)).toMatchObject({
      fate: 'refused',
      issues: [{ cell: 'E3', text: { zh: '只能导入本单位的项目' } }],
    });
    // A project of another county is not named as a duplicate to a county that may not see it.
    expect(dry.rows.find((r: { row: number }) => r.row === 4).fate).toBe('new');
    expect((await city.call('POST', `/api/imports/${seeded.batch.id}/undo`)).statusCode).toBe(200);
    expect((await heshan.call('GET', `/api/imports/${batch.id}`)).statusCode).toBe(404);
    expect(
      (await heshan.call('GET', '/api/imports')).json().items.some((b: { id: number }) => b.id === batch.id),
    ).toBe(false);
    expect((await city.call('GET', `/api/imports/${batch.id}`)).statusCode).toBe(200);
    const referrer = await login(t.app, 'referrer');
    expect((await upload(referrer, 'leads', rows, CSV)).statusCode).toBe(403);
  });

  it('a confirmed mapping is saved and offered again for the next file of the same shape', async () => {
    const shape = '项目名称,投资方,规模,接收时间';
    const first = (
      await upload(city, 'leads', csvOf(shape, '甲项目,江门甲有限公司,3,2024-05-06'), CSV)
    ).json();
    expect(first.savedMapping).toBeNull();
    const mapping = {
      ...first.mapping,
      columns: first.mapping.columns.map((c: { index: number }) =>
        c.index === 2 ? { ...c, field: 'plannedInvestment', unit: 'yi' } : c,
      ),
    };
    const dry = await city.call('POST', `/api/imports/${first.id}/dry-run`, { mapping, saveMapping: true });
    expect(dry.json().counts.new).toBe(1);
    expect((await lastAudit(t.db))[0]).toMatchObject({ action: 'import.mapping_saved' });
    const second = (
      await upload(city, 'leads', csvOf(shape, '乙项目,江门乙有限公司,4,2024-05-08'), CSV)
    ).json();
    expect(second.savedMapping).toMatchObject({ savedBy: expect.any(String) });
    expect(second.columns[2]).toMatchObject({ field: 'plannedInvestment', unit: 'yi' });
  });

  it('round trip: what the product exports (xlsx or CSV) imports back as duplicates of itself; dates are date cells', async () => {
    const seed = await prepared(
      city,
      'leads',
      csvOf(
        '项目名称,投资方,计划投资（亿元）,接收时间,响应时间,研判时间,反馈时间,阶段,跟进县区,签约日期,渠道',
        '回环项目一,江门回环一有限公司,3,2024-03-04 10:00,2024-03-05 09:30,2024-03-06 10:00,2024-03-07 10:00,跟进中,台山市,,驻点招商',
        '回环项目二,江门回环二有限公司,12,2024-04-01 10:00,2024-04-02 09:30,2024-04-03 10:00,2024-04-08 10:00,已签约,鹤山,2024-06-01,',
        '回环项目三,江门回环三有限公司,2.5,2024-05-06 08:00,,,,,,,',
      ),
    );
    expect(seed.dry.counts.new).toBe(3);
    expect((await city.call('POST', `/api/imports/${seed.batch.id}/commit`, {})).statusCode).toBe(200);

    const xlsx = await city.call('GET', '/api/leads/export.xlsx');
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as never);
    const ws = wb.worksheets[0]!;
    const headers = (ws.getRow(1).values as unknown[]).slice(1);
    const received = ws.getRow(2).getCell(headers.indexOf('接收时间') + 1);
    expect(received.value).toBeInstanceOf(Date);
    expect(received.numFmt).toBe('yyyy-mm-dd hh:mm');
    // Each kind of cell keeps its own format (the writer shares one style object per kind).
    const signedRow = [2, 3, 4]
      .map((n) => ws.getRow(n))
      .find((r) => r.getCell(headers.indexOf('项目名称') + 1).value === '回环项目二')!;
    const cellOf = (header: string) => signedRow.getCell(headers.indexOf(header) + 1);
    expect(cellOf('签约日期').value).toEqual(new Date('2024-06-01T00:00:00Z'));
    expect(cellOf('签约日期').numFmt).toBe('yyyy-mm-dd');
    expect(cellOf('计划投资（亿元）').value).toBe(12);
    expect(cellOf('计划投资（亿元）').numFmt).toBe('0.00');
    expect(cellOf('响应完成').numFmt).toBe('yyyy-mm-dd hh:mm');
    expect(cellOf('投资方').numFmt).toBeUndefined();
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.getRow(1).font?.bold).toBe(true);

    const csv = await city.call('GET', '/api/leads/export.csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(csv.body).toContain('2024-05-06 08:00');

    for (const [body, type] of [
      [xlsx.rawPayload, XLSX],
      [csv.rawPayload, CSV],
    ] as const) {
      const back = await prepared(city, 'leads', body, type);
      expect(back.dry.counts).toEqual({ new: 0, duplicate: back.dry.total, file_duplicate: 0, refused: 0 });
      for (const r of back.dry.rows) expect(r.duplicateOf.reason).toBe('code');
    }
    const projects = await city.call('GET', '/api/projects/export.xlsx');
    const back = await prepared(city, 'projects', projects.rawPayload, XLSX);
    expect(back.dry.total).toBeGreaterThan(0);
    expect(back.dry.counts).toEqual({ new: 0, duplicate: back.dry.total, file_duplicate: 0, refused: 0 });
  });
});
