/**
 * The national industry classification, loaded once from the shipped reference file and indexed
 * for search by code prefix, name and pinyin initials (e.g. `xny` → 新能源…).
 */

import { type RawBuilder, type SqlBool, sql } from 'kysely';
import { pinyin } from 'pinyin-pro';
import type { Industry } from '../../../core/industries.js';
import { invalidField } from '../../errors.js';
import data from '../../reference/gbt4754-2017.json' with { type: 'json' };

export interface CatalogueEntry extends Industry {
  /** Lower-case pinyin initials of the name, e.g. 新能源车整车制造 → xnyczczz. */
  initials: string;
}

export class IndustryCatalogue {
  readonly entries: CatalogueEntry[];
  private readonly byCode: Map<string, CatalogueEntry>;
  private readonly children: Map<string | null, CatalogueEntry[]>;

  constructor(records: Industry[]) {
    this.entries = records.map((r) => ({
      ...r,
      initials: pinyin(r.name.replace(/[^\u4e00-\u9fa5a-zA-Z0-9]/g, ''), {
        pattern: 'first',
        toneType: 'none',
        type: 'array',
      })
        .join('')
        .toLowerCase(),
    }));
    this.byCode = new Map(this.entries.map((e) => [e.code, e]));
    this.children = new Map();
    for (const e of this.entries) {
      const list = this.children.get(e.parent) ?? [];
      list.push(e);
      this.children.set(e.parent, list);
    }
  }

  get(code: string): CatalogueEntry | undefined {
    return this.byCode.get(code);
  }

  has(code: string): boolean {
    return this.byCode.has(code);
  }

  childrenOf(code: string | null): CatalogueEntry[] {
    return this.children.get(code) ?? [];
  }

  /** The entry and its ancestors, section first. */
  path(code: string): CatalogueEntry[] {
    const out: CatalogueEntry[] = [];
    let cursor = this.byCode.get(code);
    while (cursor) {
      out.unshift(cursor);
      cursor = cursor.parent ? this.byCode.get(cursor.parent) : undefined;
    }
    return out;
  }

  /**
   * Best matches first: exact code, code prefix, pinyin-initials prefix, name prefix, name
   * substring, initials substring; within a rank, by code.
   */
  search(query: string, limit = 50): CatalogueEntry[] {
    const q = query.trim();
    if (!q) return this.childrenOf(null);
    const lower = q.toLowerCase();
    const upper = q.toUpperCase();
    const ranked: [number, CatalogueEntry][] = [];
    for (const e of this.entries) {
      let rank = -1;
      if (e.code === upper) rank = 0;
      else if (/^\d+$/.test(q) && e.code.startsWith(q)) rank = 1;
      else if (e.initials.startsWith(lower)) rank = 2;
      else if (e.name.startsWith(q)) rank = 3;
      else if (e.name.includes(q)) rank = 4;
      else if (lower.length >= 2 && e.initials.includes(lower)) rank = 5;
      if (rank >= 0) ranked.push([rank, e]);
    }
    ranked.sort(
      (a, b) => a[0] - b[0] || a[1].code.length - b[1].code.length || a[1].code.localeCompare(b[1].code),
    );
    return ranked.slice(0, limit).map(([, e]) => e);
  }
}

let shared: IndustryCatalogue | undefined;

/** The catalogue of GB/T 4754-2017, built on first use (about a tenth of a second). */
export function industryCatalogue(): IndustryCatalogue {
  shared ??= new IndustryCatalogue(data as Industry[]);
  return shared;
}

/** 400 naming the field unless the code is in GB/T 4754-2017 (an empty value passes). */
export function checkIndustryCode(code: string | null | undefined, path = 'industryCode'): void {
  if (code && !industryCatalogue().has(code)) {
    throw invalidField(path, { zh: '不是 GB/T 4754-2017 中的行业代码', en: 'Not a GB/T 4754-2017 code' });
  }
}

/**
 * Records whose industry code falls under `code`: a division, group or class by its digits; a
 * section letter (门类, e.g. C) by the letter itself or any of its divisions' digits.
 */
export function industryUnder(column: string, code: string): RawBuilder<SqlBool> {
  const ref = sql.ref(column);
  if (/^[A-T]$/.test(code)) {
    const divisions = industryCatalogue()
      .childrenOf(code)
      .map((d) => d.code);
    return sql<SqlBool>`(${ref} = ${code} OR substr(${ref}, 1, 2) IN (${sql.join(divisions)}))`;
  }
  return sql<SqlBool>`${ref} LIKE ${`${code}%`}`;
}
