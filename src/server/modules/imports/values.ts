/**
 * One cell read as the field it is mapped to: dates in the forms Chinese ledgers use, amounts in
 * the column's unit, organisations by name or short name (台山 → 台山市), stages, channels, the
 * industry by code or name. Each failure is a sentence naming what is wrong with the cell.
 */
import { isDateString, SHANGHAI_OFFSET_MS } from '../../../core/calendar/dates.js';
import { isValidCreditCode } from '../../../core/creditCode.js';
import { AMOUNT_UNIT_YUAN, type AmountUnit, type FieldType, type ImportKind } from '../../../core/imports.js';
import { CHANNEL_LABELS, CHANNELS, LEAD_STAGES, STAGE_LABELS } from '../../../core/leads/stages.js';
import { PROJECT_STAGE_LABELS, PROJECT_STAGES } from '../../../core/projects/stages.js';
import type { Text } from '../../errors.js';
import { industryCatalogue } from '../industries/catalogue.js';
import type { Cell } from './read.js';

export interface OrgRef {
  id: number;
  name: string;
  kind: string;
}

export interface ValueContext {
  kind: ImportKind;
  orgs: OrgRef[];
  now: Date;
  /** `now`'s date in Shanghai, the latest date a cell may hold. */
  today: string;
}

export type Parsed = { ok: true; value: unknown } | { ok: false; text: Text };

const bad = (zh: string, en: string): Parsed => ({ ok: false, text: { zh, en } });
const ok = (value: unknown): Parsed => ({ ok: true, value });

/** The cell as text (a number as written, a date as YYYY-MM-DD). */
export function cellText(cell: Cell): string {
  if (cell === null) return '';
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  if (typeof cell === 'object') return `=${cell.formula}`;
  return String(cell).trim();
}

const LEAD_STAGE_WORDS: Record<string, (typeof LEAD_STAGES)[number]> = {
  ...Object.fromEntries(LEAD_STAGES.map((s) => [STAGE_LABELS[s].zh, s])),
  ...Object.fromEntries(LEAD_STAGES.map((s) => [s, s])),
  登记: 'registered',
  待响应: 'registered',
  新线索: 'registered',
  响应: 'responded',
  研判: 'assessed',
  反馈: 'feedback_given',
  在谈: 'following',
  洽谈中: 'following',
  跟进: 'following',
  跟踪: 'following',
  已分派: 'following',
  签约: 'signed',
  已落地: 'signed',
  关闭: 'closed',
  终止: 'closed',
  放弃: 'closed',
  不跟进: 'closed',
};

const PROJECT_STAGE_WORDS: Record<string, (typeof PROJECT_STAGES)[number]> = {
  ...Object.fromEntries(PROJECT_STAGES.map((s) => [PROJECT_STAGE_LABELS[s].zh, s])),
  ...Object.fromEntries(PROJECT_STAGES.map((s) => [s, s])),
  签约: 'signed',
  待开工: 'signed',
  未开工: 'signed',
  已开工: 'started',
  开工: 'started',
  动工: 'started',
  在建: 'started',
  投产: 'in_production',
  竣工投产: 'in_production',
  已竣工: 'in_production',
};

const CHANNEL_WORDS: Record<string, (typeof CHANNELS)[number]> = {
  ...Object.fromEntries(CHANNELS.map((c) => [CHANNEL_LABELS[c].zh, c])),
  ...Object.fromEntries(CHANNELS.map((c) => [c, c])),
  部门推荐: 'department',
  市直部门: 'department',
  县区推荐: 'county',
  县区: 'county',
  驻点: 'resident_team',
  合伙人: 'partner',
  社会: 'society',
  平台: 'platform',
  园区: 'platform',
};

/** Excel's day 0 (1899-12-30, counting its 1900 leap-year bug) in ms. */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

/** A wall-clock date and time (Shanghai) from a cell, or null when it reads as neither. */
function wallClock(cell: Cell): { date: string; time: string | null } | null {
  if (cell instanceof Date) {
    const iso = cell.toISOString();
    const time = iso.slice(11, 16);
    return { date: iso.slice(0, 10), time: time === '00:00' ? null : time };
  }
  if (typeof cell === 'number' && cell > 20_000 && cell < 80_000) {
    const d = new Date(EXCEL_EPOCH_MS + Math.round(cell * 86_400) * 1000);
    return wallClock(d);
  }
  if (typeof cell !== 'string') return null;
  const t = cell.normalize('NFKC').trim();
  let m =
    /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[\sT]+(\d{1,2})[:：时](\d{2})(?:[:：分](\d{2})秒?)?)?$/.exec(
      t,
    );
  m ??= /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (!m) return null;
  const date = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  if (!isDateString(date)) return null;
  if (m[4] !== undefined && (Number(m[4]) > 23 || Number(m[5]) > 59)) return null;
  return { date, time: m[4] !== undefined ? `${m[4].padStart(2, '0')}:${m[5]}` : null };
}

function dateChecks(date: string, today: string): Parsed | null {
  if (date < '2000-01-01') return bad('日期早于 2000 年', 'a date before 2000');
  if (date > today) return bad(`日期 ${date} 晚于今天`, `${date} is after today`);
  return null;
}

function number(cell: Cell): number | null {
  if (typeof cell === 'number') return cell;
  if (typeof cell !== 'string') return null;
  const t = cell.normalize('NFKC').replace(/[,\s]/g, '');
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : null;
}

/**
 * A cell as its field's value; null for an empty cell. `unit` is the amount column's unit (from
 * its header or as the user chose it).
 */
export function parseCell(type: FieldType, cell: Cell, vc: ValueContext, unit?: AmountUnit | null): Parsed {
  if (cell === null || cell === '') return ok(null);
  if (typeof cell === 'object' && !(cell instanceof Date)) {
    return bad('是公式单元格，请复制后“粘贴为数值”再导入', 'is a formula; paste it as values first');
  }
  const text = cellText(cell);
  switch (type) {
    case 'text':
      return ok(text);
    case 'amount': {
      // A unit written in the cell itself wins over the column's (5000万, 3.2亿).
      const m = /^(.*?)(亿元|亿|万元|万|元)$/.exec(text.normalize('NFKC').replace(/\s/g, ''));
      const n = number(m ? m[1]! : cell);
      const u: AmountUnit | null | undefined = m
        ? m[2]!.startsWith('亿')
          ? 'yi'
          : m[2]!.startsWith('万')
            ? 'wan'
            : 'yuan'
        : unit;
      if (n === null) return bad(`金额“${text}”不是数字`, `amount "${text}" is not a number`);
      if (n < 0) return bad('金额不能为负', 'an amount cannot be negative');
      if (!u) return bad('金额单位未知：请在映射中指定单位', 'the unit is unknown: choose it in the mapping');
      return ok(Math.round(n * AMOUNT_UNIT_YUAN[u]));
    }
    case 'date': {
      const w = wallClock(cell);
      if (!w) return bad(`日期无法识别：“${text}”`, `date not recognised: "${text}"`);
      return dateChecks(w.date, vc.today) ?? ok(w.date);
    }
    case 'datetime': {
      const w = wallClock(cell);
      if (!w) return bad(`日期无法识别：“${text}”`, `date not recognised: "${text}"`);
      // A date without a time is taken as the start of that working day.
      const at = new Date(Date.parse(`${w.date}T${w.time ?? '09:00'}:00Z`) - SHANGHAI_OFFSET_MS);
      const early = dateChecks(w.date, vc.today);
      if (early) return early;
      if (at.getTime() > vc.now.getTime() + 60_000)
        return bad('时间晚于当前时间', 'the time is in the future');
      return ok(at);
    }
    case 'creditCode': {
      const code = text.normalize('NFKC').replace(/\s/g, '').toUpperCase();
      return isValidCreditCode(code)
        ? ok(code)
        : bad(`统一社会信用代码“${text}”校验不通过`, `credit code "${text}" fails its check`);
    }
    case 'org':
      return orgOf(text, vc);
    case 'orgs': {
      const ids: number[] = [];
      for (const part of text.split(/[、,，;；/\s]+/).filter(Boolean)) {
        const one = orgOf(part, vc);
        if (!one.ok) return one;
        if (!ids.includes(one.value as number)) ids.push(one.value as number);
      }
      return ok(ids);
    }
    case 'stage': {
      const words = vc.kind === 'leads' ? LEAD_STAGE_WORDS : PROJECT_STAGE_WORDS;
      const s = words[text.replace(/\s/g, '')];
      if (s) return ok(s);
      const known = Object.keys(words)
        .filter((k) => /[\u4e00-\u9fa5]/.test(k))
        .slice(0, 8);
      return bad(`阶段“${text}”无法识别（可填：${known.join('、')}）`, `stage "${text}" not recognised`);
    }
    case 'channel': {
      const c = CHANNEL_WORDS[text.replace(/\s/g, '')];
      return c
        ? ok(c)
        : bad(
            `渠道“${text}”无法识别（可填：${CHANNELS.map((k) => CHANNEL_LABELS[k].zh).join('、')}）`,
            `channel "${text}" not recognised`,
          );
    }
    case 'industry': {
      const catalogue = industryCatalogue();
      // "C3841 锂离子电池制造" as exported, a bare code, or the name.
      const code = text.split(/\s+/)[0]!.toUpperCase();
      if (catalogue.has(code)) return ok(code);
      const byName = catalogue.search(text, 1)[0];
      if (byName && byName.name === text) return ok(byName.code);
      return bad(
        `行业“${text}”不是 GB/T 4754-2017 的代码或名称`,
        `industry "${text}" is not a GB/T 4754 code or name`,
      );
    }
    case 'bool': {
      if (typeof cell === 'boolean') return ok(cell);
      if (/^(是|y|yes|true|1|√|✓)$/i.test(text)) return ok(true);
      if (/^(否|n|no|false|0|×)$/i.test(text)) return ok(false);
      return bad(`“${text}”应为“是”或“否”`, `"${text}" should be 是 or 否`);
    }
    case 'count': {
      const n = number(cell);
      return n !== null && Number.isInteger(n) && n >= 0
        ? ok(n)
        : bad(`“${text}”不是非负整数`, `"${text}" is not a whole number`);
    }
  }
}

function orgOf(text: string, vc: ValueContext): Parsed {
  const t = text.replace(/\s/g, '');
  const exact = vc.orgs.filter((o) => o.name === t);
  const found = exact.length ? exact : vc.orgs.filter((o) => o.name.startsWith(t) && t.length >= 2);
  if (found.length === 1) return ok(found[0]!.id);
  if (found.length > 1)
    return bad(`“${text}”可指多个单位：${found.map((o) => o.name).join('、')}`, `"${text}" is ambiguous`);
  return bad(`单位“${text}”不存在或未启用`, `no active organisation "${text}"`);
}
