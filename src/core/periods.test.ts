import { describe, expect, it } from 'vitest';
import { wholeMonths } from './periods.js';

describe('wholeMonths', () => {
  it('cuts a period into whole months and the odd days at either end', () => {
    expect(wholeMonths({ from: '2026-01-01', to: '2026-12-07' })).toEqual({
      months: { from: '2026-01', to: '2026-11' },
      days: [{ from: '2026-12-01', to: '2026-12-07' }],
    });
    expect(wholeMonths({ from: '2025-11-15', to: '2026-02-28' })).toEqual({
      months: { from: '2025-12', to: '2026-02' },
      days: [{ from: '2025-11-15', to: '2025-11-30' }],
    });
    // A leap year's February ends on the 29th.
    expect(wholeMonths({ from: '2024-02-01', to: '2024-02-29' })).toEqual({
      months: { from: '2024-02', to: '2024-02' },
      days: [],
    });
    expect(wholeMonths({ from: '2024-02-01', to: '2024-02-28' }).months).toBeNull();
  });

  it('leaves a period inside one month, or across two without a whole one, to the days', () => {
    expect(wholeMonths({ from: '2026-03-05', to: '2026-03-20' })).toEqual({
      months: null,
      days: [{ from: '2026-03-05', to: '2026-03-20' }],
    });
    expect(wholeMonths({ from: '2026-03-05', to: '2026-04-20' })).toEqual({
      months: null,
      days: [{ from: '2026-03-05', to: '2026-04-20' }],
    });
    expect(wholeMonths({ from: '2026-03-05', to: '2026-03-01' })).toEqual({ months: null, days: [] });
  });

  it('crosses a year end', () => {
    expect(wholeMonths({ from: '2025-12-31', to: '2027-01-01' })).toEqual({
      months: { from: '2026-01', to: '2026-12' },
      days: [
        { from: '2025-12-31', to: '2025-12-31' },
        { from: '2027-01-01', to: '2027-01-01' },
      ],
    });
  });
});
