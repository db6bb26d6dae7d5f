/** The targets' and indicator values' input schemas. */
import { z } from 'zod';
import { dateString } from './calendar/schemas.js';
import { recordId } from './ids.js';
import { ENTERED_KEYS, INDICATOR_KEYS } from './targets.js';

/** Entered periods: a year (2024), a quarter (2024-Q1) or a month (2024-03). */
export const periodKey = z.string().regex(/^\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$/, { message: 'period_format' });

export const targetsQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100),
  asOf: dateString.optional(),
});

export const putTargetBody = z.object({
  year: z.number().int().min(2000).max(2100),
  orgId: recordId,
  indicator: z.enum(INDICATOR_KEYS),
  targetValue: z.number().min(0).max(1e14),
  note: z.string().trim().max(200).optional(),
});
export type PutTargetBody = z.infer<typeof putTargetBody>;

export const putIndicatorValueBody = z.object({
  orgId: recordId,
  indicator: z.enum(ENTERED_KEYS),
  period: periodKey,
  value: z.number().min(-1e14).max(1e14),
});
export type PutIndicatorValueBody = z.infer<typeof putIndicatorValueBody>;
