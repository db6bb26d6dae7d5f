/**
 * One million deadline computations across 2024–2026: the prefix-sum engine against a naive
 * day-by-day walk over the same calendar, same inputs, same run.
 */
import { shippedCalendar, statutoryOverrides, type WorkCalendar } from '../src/core/calendar/calendar.js';
import { addDays, fromDayNumber, toDayNumber } from '../src/core/calendar/dates.js';

/**
 * The baseline: the obvious implementation without an index — step one day at a time with a Date,
 * look each day up in the holiday/adjusted-day table, count working days.
 */
function naiveAddWorkdays(overrides: Map<string, boolean>, start: string, n: number): string {
  const d = new Date(`${start}T00:00:00Z`);
  let left = n;
  let key = start;
  while (left > 0) {
    d.setUTCDate(d.getUTCDate() + 1);
    key = d.toISOString().slice(0, 10);
    const dow = d.getUTCDay();
    if (overrides.get(key) ?? (dow !== 0 && dow !== 6)) left--;
  }
  return key;
}

/** The whole naive deadline: instant → Shanghai day with Date, then the walk, then the due instant. */
function naiveDeadline(overrides: Map<string, boolean>, start: string, n: number) {
  const startDate = new Date(Date.parse(start) + 8 * 3_600_000).toISOString().slice(0, 10);
  const dueDate = naiveAddWorkdays(overrides, startDate, n);
  const next = new Date(`${dueDate}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return { startDate, dueDate, dueAt: `${next.toISOString().slice(0, 10)}T00:00:00+08:00` };
}

/** The same walk on the engine's own fast string helpers, for a second, harder baseline. */
function helperWalkAddWorkdays(cal: WorkCalendar, start: string, n: number): string {
  let date = start;
  let left = n;
  while (left > 0) {
    date = addDays(date, 1);
    if (cal.isWorkday(date)) left--;
  }
  return date;
}

export function calendarBench() {
  const cal = shippedCalendar();
  const overrides = new Map(statutoryOverrides().map((o) => [o.date, o.workday]));
  const first = toDayNumber('2024-01-01');
  const span = toDayNumber('2026-12-31') - first - 40;
  const N = 1_000_000;
  // A fixed pseudo-random sequence of (start date, amount) pairs.
  const starts: string[] = new Array(N);
  const amounts = new Int32Array(N);
  let seed = 42;
  for (let i = 0; i < N; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    starts[i] = fromDayNumber(first + (seed % span));
    amounts[i] = [1, 3, 5, 10][seed % 4]!;
  }

  let check = 0;
  const t0 = performance.now();
  for (let i = 0; i < N; i++) check += cal.addWorkdays(starts[i]!, amounts[i]!).length;
  const engineMs = performance.now() - t0;

  const t1 = performance.now();
  for (let i = 0; i < N; i++) check += naiveAddWorkdays(overrides, starts[i]!, amounts[i]!).length;
  const walkMs = performance.now() - t1;

  const t3 = performance.now();
  for (let i = 0; i < N; i++) check += helperWalkAddWorkdays(cal, starts[i]!, amounts[i]!).length;
  const helperWalkMs = performance.now() - t3;

  for (let i = 0; i < 20_000; i++) {
    const engine = cal.addWorkdays(starts[i]!, amounts[i]!);
    if (
      engine !== naiveAddWorkdays(overrides, starts[i]!, amounts[i]!) ||
      engine !== helperWalkAddWorkdays(cal, starts[i]!, amounts[i]!)
    ) {
      throw new Error(`engine and walk disagree on ${starts[i]} + ${amounts[i]}`);
    }
  }

  // Full deadlines (instant → Shanghai day → due date and instant), the call the API makes.
  const t2 = performance.now();
  for (let i = 0; i < N; i++)
    check += cal.deadline(`${starts[i]}T10:00:00+08:00`, amounts[i]!, 'workday').dueDate.length;
  const deadlineMs = performance.now() - t2;

  const t4 = performance.now();
  for (let i = 0; i < N; i++)
    check += naiveDeadline(overrides, `${starts[i]}T10:00:00+08:00`, amounts[i]!).dueDate.length;
  const naiveDeadlineMs = performance.now() - t4;
  for (let i = 0; i < 20_000; i++) {
    const iso = `${starts[i]}T10:00:00+08:00`;
    if (
      cal.deadline(iso, amounts[i]!, 'workday').dueAt !== naiveDeadline(overrides, iso, amounts[i]!).dueAt
    ) {
      throw new Error(`deadline and naive deadline disagree on ${iso}`);
    }
  }

  const rate = (ms: number) => Math.round((N / ms) * 1000).toLocaleString('en-US');
  const line = (label: string, ms: number) =>
    console.log(`${label.padEnd(36)} ${ms.toFixed(0).padStart(6)} ms  ${rate(ms).padStart(12)}/s`);
  console.log(
    '1,000,000 computations each, start dates spread over 2024–2026, amounts 1/3/5/10 working days',
  );
  line('engine: addWorkdays (prefix sums)', engineMs);
  line('baseline: day-by-day walk with Date', walkMs);
  line('walk on the engine’s date helpers', helperWalkMs);
  line('engine: deadline() from an instant', deadlineMs);
  line('baseline: naive deadline (Date walk)', naiveDeadlineMs);
  console.log(
    `ratio: engine ${(walkMs / engineMs).toFixed(1)}× the baseline walk; ${(helperWalkMs / engineMs).toFixed(1)}× the helper walk`,
  );
  console.log(
    `ratio: deadline() ${(naiveDeadlineMs / deadlineMs).toFixed(1)}× the naive deadline (instant parsing included in both)`,
  );
  if (check === 0) console.log('(unreachable)');
}
