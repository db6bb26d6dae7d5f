import { describe, expect, it } from 'vitest';
import { checkAgainst, performanceOf, standardFor } from './agreements.js';

const WAN = 10_000;
const YI = 100_000_000;
const agreement = {
  signedOn: '2022-03-01',
  totalInvestmentYuan: 10 * YI,
  landMu: 200,
  taxPerMuYuan: 20 * WAN,
  outputYuan: 15 * YI,
  startDeadline: '2022-09-30',
  productionDeadline: '2023-12-31',
  fullProductionYear: 2024,
};
const verdicts = (actuals: Parameters<typeof performanceOf>[1], today: string) =>
  Object.fromEntries(
    performanceOf(agreement, actuals, { startedOn: '2022-09-01', inProductionOn: '2024-01-20' }, today).map(
      (t) => [t.term, t.verdict],
    ),
  );

describe('performance of an investment agreement', () => {
  it('judges tax per 亩 and output on the full-production year, from the year after it', () => {
    const actuals = [
      { year: 2022, investedYuan: 3 * YI, taxYuan: null, outputYuan: null },
      { year: 2023, investedYuan: 5 * YI, taxYuan: null, outputYuan: null },
      { year: 2024, investedYuan: 1 * YI, taxYuan: 200 * 18 * WAN, outputYuan: 16 * YI },
    ];
    // During 2024 the full-production year is not over: not yet judged; investment 9亿 of 10亿 is behind.
    expect(verdicts(actuals, '2024-11-01')).toEqual({
      start: 'met',
      production: 'breached',
      investment: 'behind',
      taxPerMu: 'not_due',
      output: 'not_due',
    });
    // In 2025: 18万/亩 against 20万 is a breach, 16亿 output against 15亿 met, 9亿 in place a breach.
    expect(verdicts(actuals, '2025-02-01')).toMatchObject({
      investment: 'breached',
      taxPerMu: 'breached',
      output: 'met',
    });
    // No figures for the year: behind (asked for), not a breach.
    expect(verdicts(actuals.slice(0, 2), '2025-02-01')).toMatchObject({
      taxPerMu: 'behind',
      output: 'behind',
    });
    expect(
      verdicts([...actuals, { year: 2025, investedYuan: YI, taxYuan: null, outputYuan: null }], '2025-02-01'),
    ).toMatchObject({
      investment: 'met',
    });
  });

  it('takes the most specific standard of the zone and checks each minimum', () => {
    const rows = [
      {
        zone: 'A',
        industryPrefix: '',
        minIntensityYuanPerMu: 200 * WAN,
        minTaxPerMuYuan: 15 * WAN,
        minTotalYuan: 3000 * WAN,
      },
      {
        zone: 'A',
        industryPrefix: '38',
        minIntensityYuanPerMu: 300 * WAN,
        minTaxPerMuYuan: null,
        minTotalYuan: null,
      },
      {
        zone: 'B',
        industryPrefix: '',
        minIntensityYuanPerMu: 100 * WAN,
        minTaxPerMuYuan: null,
        minTotalYuan: null,
      },
    ];
    expect(standardFor(rows, 'A', '3841')?.industryPrefix).toBe('38');
    expect(standardFor(rows, 'A', '2611')?.industryPrefix).toBe('');
    expect(standardFor(rows, 'C', '3841')).toBeNull();
    const proposal = {
      industryCode: '2611',
      totalInvestmentYuan: 2000 * WAN,
      fixedAssetYuan: 1500 * WAN,
      landMu: 10,
      taxPerMuYuan: null,
    };
    expect(checkAgainst(standardFor(rows, 'A', '2611'), proposal)).toEqual([
      { term: 'intensity', required: 200 * WAN, proposed: 150 * WAN, verdict: 'fail' },
      { term: 'taxPerMu', required: 15 * WAN, proposed: null, verdict: 'unknown' },
      { term: 'minTotal', required: 3000 * WAN, proposed: 2000 * WAN, verdict: 'fail' },
    ]);
  });
});
