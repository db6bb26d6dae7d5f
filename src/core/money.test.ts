import { describe, expect, it } from 'vitest';
import { formatWanPerMu, formatYuan, fromYuan, toYuan } from './money.js';

describe('money in 万元 and 亿元', () => {
  it('converts typed amounts to integer yuan', () => {
    expect(toYuan(1.5, 'yi')).toBe(150_000_000);
    expect(toYuan(3500, 'wan')).toBe(35_000_000);
    expect(toYuan(0.123456789, 'yi')).toBe(12_345_679);
    expect(fromYuan(150_000_000, 'yi')).toBe(1.5);
  });
  it('formats for reading', () => {
    expect(formatYuan(1_060_000_000_00)).toBe('1060.00 亿元');
    expect(formatYuan(35_000_000)).toBe('3,500 万元');
    expect(formatYuan(undefined)).toBe('—');
  });
});

describe('per 亩', () => {
  it('reads yuan per 亩 in 万元, to the 元', () => {
    expect(formatWanPerMu(3_000_000)).toBe('300 万元/亩');
    expect(formatWanPerMu(255_550)).toBe('25.56 万元/亩');
    expect(formatWanPerMu(null)).toBe('—');
  });
});
