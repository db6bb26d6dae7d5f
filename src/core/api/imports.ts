/** The import wizard's answers (API.md "Imports"): a batch, its columns and mapping, the dry run. */
import { z } from 'zod';
import { AMOUNT_UNITS, DUPLICATE_DECISIONS, IMPORT_KINDS, ROW_FATES } from '../imports.js';
import { instant } from './common.js';

const bilingual = z.object({ zh: z.string(), en: z.string() });

export const importMapping = z
  .object({
    sheet: z.string().max(200),
    headerRow: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .describe('The (last) header row, 1-based; data starts below it'),
    columns: z
      .array(
        z.object({
          index: z.number().int().min(0).max(500).describe('0-based: 0 is column A'),
          field: z.string().max(60).nullable().describe('An IMPORT_FIELDS key, or null: not imported'),
          unit: z.enum(AMOUNT_UNITS).nullable().optional().describe('For amount fields: 亿元, 万元 or 元'),
        }),
      )
      .max(500),
  })
  .meta({ id: 'ImportMapping' });

export const importBatch = z
  .object({
    id: z.number().int(),
    kind: z.enum(IMPORT_KINDS),
    fileName: z.string(),
    sha256: z.string(),
    sizeBytes: z.number().int(),
    status: z.enum(['draft', 'committed', 'undone']),
    userName: z.string(),
    createdAt: instant,
    committedAt: instant.nullable(),
    undoneAt: instant.nullable(),
    counts: z.record(z.string(), z.number()).nullable().describe('rows, created, merged, skipped, projects'),
    undoable: z.boolean(),
  })
  .meta({ id: 'ImportBatch' });

export const importBatchDetail = importBatch
  .extend({
    sheets: z.array(z.object({ name: z.string(), rows: z.number().int() })),
    mapping: importMapping,
    columns: z.array(
      z.object({
        index: z.number().int(),
        letter: z.string(),
        header: z.string(),
        field: z.string().nullable(),
        unit: z.enum(AMOUNT_UNITS).nullable(),
        unitFromHeader: z.boolean(),
        samples: z.array(z.string()),
      }),
    ),
    savedMapping: z.object({ savedAt: instant, savedBy: z.string() }).nullable(),
  })
  .meta({ id: 'ImportBatchDetail' });

export const importDryRun = z
  .object({
    total: z.number().int(),
    counts: z.record(z.enum(ROW_FATES), z.number().int()),
    rows: z.array(
      z.object({
        row: z.number().int().describe("Excel's row number"),
        fate: z.enum(ROW_FATES),
        issues: z.array(z.object({ cell: z.string().describe('e.g. D17'), text: bilingual })),
        duplicateOf: z
          .object({
            type: z.enum(['lead', 'project']),
            id: z.number().int(),
            code: z.string(),
            name: z.string(),
            investorName: z.string(),
            reason: z.enum(['code', 'credit_code', 'name']),
          })
          .optional(),
        fileDuplicateOf: z.number().int().optional(),
      }),
    ),
  })
  .meta({ id: 'ImportDryRun' });

export const uploadQuery = z.object({
  kind: z.enum(IMPORT_KINDS),
  fileName: z.string().trim().min(1).max(200).default('import.xlsx'),
});
export const batchQuery = z.object({ sheet: z.string().max(200).optional() });
export const dryRunBody = z.object({ mapping: importMapping, saveMapping: z.boolean().optional() });
export const commitBody = z.object({
  duplicates: z
    .enum(DUPLICATE_DECISIONS)
    .optional()
    .describe('For likely duplicates not in decisions; default skip'),
  decisions: z
    .array(z.object({ row: z.number().int().min(1), decision: z.enum(DUPLICATE_DECISIONS) }))
    .max(200_000)
    .optional(),
});

export type ImportBatch = z.infer<typeof importBatch>;
export type ImportBatchDetail = z.infer<typeof importBatchDetail>;
export type ImportDryRun = z.infer<typeof importDryRun>;
