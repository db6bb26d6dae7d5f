import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isManufacturingCode } from '../../../core/industries.js';
import { buildTestApp, login, type Session, type TestApp } from '../../test/helpers.js';
import { industryCatalogue } from './catalogue.js';

describe('GB/T 4754-2017 catalogue', () => {
  const catalogue = industryCatalogue();
  it('holds 20 sections, 97 divisions, 473 groups and 1,380 classes, as the standard states', () => {
    const count = (level: string) => catalogue.entries.filter((e) => e.level === level).length;
    expect([count('section'), count('division'), count('group'), count('class')]).toEqual([
      20, 97, 473, 1380,
    ]);
  });
  it('has a parent for every entry below a section', () => {
    for (const e of catalogue.entries) {
      if (e.level === 'section') expect(e.parent).toBeNull();
      else expect(catalogue.has(e.parent!)).toBe(true);
    }
  });
  it('derives manufacturing from section C', () => {
    expect(isManufacturingCode('C')).toBe(true);
    expect(isManufacturingCode('3963')).toBe(true);
    expect(isManufacturingCode('13')).toBe(true);
    expect(isManufacturingCode('4311')).toBe(true);
    expect(isManufacturingCode('4411')).toBe(false); // electricity
    expect(isManufacturingCode('0511')).toBe(false);
    expect(isManufacturingCode('D')).toBe(false);
    for (const e of catalogue.entries.filter((x) => x.level === 'class')) {
      const section = catalogue.path(e.code)[0]!.code;
      expect(isManufacturingCode(e.code)).toBe(section === 'C');
    }
  });
});

describe('industries API', () => {
  let t: TestApp;
  let s: Session;
  beforeAll(async () => {
    t = await buildTestApp('sqlite');
    s = await login(t.app, 'taishan');
  });
  afterAll(async () => {
    await t.close();
  });

  const search = async (q?: string) =>
    (await s.call('GET', `/api/industries${q === undefined ? '' : `?q=${encodeURIComponent(q)}`}`)).json()
      .items;

  it('without q, the sections', async () => {
    const items = await search();
    expect(items).toHaveLength(20);
    expect(items[2]).toMatchObject({ code: 'C', name: '制造业', level: 'section', hasChildren: true });
  });
  it('finds by code prefix', async () => {
    expect((await search('3963'))[0]).toMatchObject({
      code: '3963',
      name: '智能无人飞行器制造',
      level: 'class',
    });
    const prefix = await search('396');
    expect(prefix[0].code).toBe('396');
    expect(prefix.slice(1).every((i: { code: string }) => i.code.startsWith('396'))).toBe(true);
  });
  it('finds by name and by pinyin initials', async () => {
    expect((await search('电池')).map((i: { code: string }) => i.code)).toEqual(
      expect.arrayContaining(['384', '3841']),
    );
    const xny = await search('xny');
    expect(xny[0].name.startsWith('新能源')).toBe(true);
    expect(
      xny
        .slice(0, 2)
        .map((i: { code: string }) => i.code)
        .sort(),
    ).toEqual(['3612', '7515']);
    expect((await search('znwrfxq'))[0].code).toBe('3963');
  });
  it('gives an entry with its path, children and clusters; 404 for unknown codes', async () => {
    const res = (await s.call('GET', '/api/industries/396')).json();
    expect(res.path.map((p: { code: string }) => p.code)).toEqual(['C', '39', '396']);
    expect(res.children.map((c: { code: string }) => c.code)).toContain('3963');
    expect(Array.isArray(res.clusters)).toBe(true);
    expect((await s.call('GET', '/api/industries/9999')).statusCode).toBe(404);
    expect((await s.call('GET', `/api/industries?q=${'x'.repeat(41)}`)).statusCode).toBe(400);
  });
  it('needs a session', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/industries?q=xny' })).statusCode).toBe(401);
  });
});
