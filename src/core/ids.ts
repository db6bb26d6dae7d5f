/**
 * Numbers that name rows (ids) or count their writes (versions) fit the database's integer column:
 * PostgreSQL's `integer` ends at 2³¹ − 1, and a larger number is the client's error (400), not a
 * failed query (500). Amounts in yuan are not ids: they have their own bounds (leads/schemas.ts).
 */
import { z } from 'zod';

export const MAX_ROW_NUMBER = 2_147_483_647;

/** An id in a JSON body. */
export const recordId = z.number().int().positive().max(MAX_ROW_NUMBER);
/** An id in a query string or path (text, turned into a number). */
export const recordIdText = z.coerce.number().int().positive().max(MAX_ROW_NUMBER);
/** The version a client read, sent back with a write (optimistic concurrency). */
export const versionNumber = z.number().int().min(1).max(MAX_ROW_NUMBER);
