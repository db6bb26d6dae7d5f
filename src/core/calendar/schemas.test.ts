import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  calendarDaysQuery,
  deadlineQuery,
  loadYearBody,
  putCalendarDayBody,
  putPoliciesBody,
} from './schemas.js';

describe('calendar input schemas never throw, whatever arrives', () => {
  const anything = fc.anything({ withNullPrototype: false });
  const dateLike = fc.oneof(
    fc.string(),
    fc.constantFrom('2024-02-30', '2024-13-01', '1999-12-31', '2026-12-31', ''),
  );
  const schemas = { calendarDaysQuery, deadlineQuery, loadYearBody, putCalendarDayBody, putPoliciesBody };
  for (const [name, schema] of Object.entries(schemas)) {
    it(name, () => {
      fc.assert(
        fc.property(
          fc.oneof(
            anything,
            fc.record({ from: dateLike, to: dateLike, start: dateLike, amount: anything, unit: anything }),
            fc.record({
              year: fc.oneof(fc.integer(), anything),
              source: fc.string(),
              holidays: fc.oneof(
                anything,
                fc.array(fc.record({ name: fc.string(), from: dateLike, to: dateLike })),
              ),
              adjustedWorkdays: fc.oneof(
                anything,
                fc.array(fc.record({ date: dateLike, name: fc.string() })),
              ),
            }),
          ),
          (input) => {
            expect(() => schema.safeParse(input)).not.toThrow();
          },
        ),
        { numRuns: 400 },
      );
    });
  }
});
