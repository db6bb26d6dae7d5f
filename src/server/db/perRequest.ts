/**
 * Values read once per reading request (a GET): the data version (stats/cache.ts) and the
 * calendar's version (calendar/store.ts), which the statistics cache, the reference data and the
 * calendar each asked the database for again within one answer (a ledger page read the data
 * version three times). A request that writes reads them afresh each time, since its own writes
 * move them; so does anything outside a request (jobs, the sweep) and every transaction.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Kysely } from 'kysely';
import type { Database } from './tables.js';

const reading = new AsyncLocalStorage<WeakMap<object, Map<string, Promise<unknown>>>>();

/** Runs the rest of a reading request (Fastify's `done`) with its own memo. */
export function asReadingRequest(rest: () => void): void {
  reading.run(new WeakMap(), rest);
}

/** `read()`, once per reading request and database; outside one (or in a transaction) every time. */
export function oncePerRequest<T>(db: Kysely<Database>, name: string, read: () => Promise<T>): Promise<T> {
  const memo = db.isTransaction ? undefined : reading.getStore();
  if (!memo) return read();
  const home = db.getExecutor().adapter;
  let values = memo.get(home);
  if (!values) {
    values = new Map();
    memo.set(home, values);
  }
  const kept = values.get(name);
  if (kept) return kept as Promise<T>;
  const value = read();
  values.set(name, value);
  // A failed read is not kept: the next asks again.
  value.catch(() => values.delete(name));
  return value;
}
