/** Instants shown to people are Beijing time, whatever the server's or browser's zone. */
const shanghai = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** `YYYY-MM-DD HH:mm` (or with seconds) in Asia/Shanghai. */
export function formatShanghai(instant: string | Date, withSeconds = false): string {
  const parts = Object.fromEntries(shanghai.formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  const base = `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
  return withSeconds ? `${base}:${parts.second}` : base;
}
