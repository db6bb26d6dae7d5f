import { randomBytes } from 'node:crypto';
import type { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { type ListColumn, sendList } from './listFile.js';

interface Row {
  n: number;
  name: string;
  received: string;
}

const columns: ListColumn<Row>[] = [
  { header: '序号', width: 6, value: (r) => r.n },
  { header: '项目名称', width: 28, value: (r) => r.name },
  { header: '接收时间', width: 17, value: (r) => ({ instant: r.received }) },
];

/** A download of `batches` batches of 250 rows, counting how many the writer has asked for. */
function download(batches: number, format: 'xlsx' | 'csv' = 'xlsx') {
  let pulled = 0;
  let closed = false;
  async function* rows(): AsyncIterable<Row[]> {
    try {
      for (let b = 0; b < batches; b++) {
        pulled++;
        yield Array.from({ length: 250 }, (_, i) => ({
          n: b * 250 + i + 1,
          // Text that hardly compresses, so a megabyte of the zip is a few batches, not the whole file.
          name: randomBytes(48).toString('base64'),
          received: '2024-03-05T01:30:00.000Z',
        }));
      }
    } finally {
      // The writer let go of the rows (finished, or stopped reading).
      closed = true;
    }
  }
  let body: PassThrough | undefined;
  const reply = {
    header: () => reply,
    send: (stream: PassThrough) => {
      body = stream;
      return reply;
    },
    log: { error: () => undefined },
  };
  sendList(reply as never, { name: 'test', sheet: '线索台账', format, columns, batches: rows() });
  return { body: body!, pulled: () => pulled, closed: () => closed };
}

/** Waits until `value()` has not changed for `quietMs`. */
async function settled(value: () => number, quietMs = 300) {
  let last = -1;
  while (value() !== last) {
    last = value();
    await new Promise((r) => setTimeout(r, quietMs));
  }
  return last;
}

async function readAll(body: PassThrough): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of body) parts.push(chunk as Buffer);
  return Buffer.concat(parts);
}

describe('list downloads stream with backpressure', () => {
  it('reads no further ahead of a client that is not reading than about a megabyte, then sends every row', async () => {
    const { body, pulled } = download(400);
    // Nobody reads the body: the writer must stop asking for rows long before the last batch
    // (about 60 batches of this text make a megabyte).
    const ahead = await settled(pulled);
    expect(ahead).toBeGreaterThan(0);
    expect(ahead).toBeLessThan(120);
    const file = await readAll(body);
    expect(pulled()).toBe(400);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file as never);
    const ws = wb.worksheets[0]!;
    expect(ws.rowCount).toBe(1 + 400 * 250);
    expect(ws.getRow(ws.rowCount).getCell(1).value).toBe(100_000);
    // Dates stay date cells (the wall-clock time in Shanghai).
    expect(ws.getRow(2).getCell(3).value).toEqual(new Date('2024-03-05T09:30:00.000Z'));
  }, 60_000);

  it.each(['xlsx', 'csv'] as const)('%s: stops reading rows when the client goes away', async (format) => {
    const { body, pulled, closed } = download(format === 'csv' ? 2000 : 400, format);
    const first = await settled(pulled);
    body.destroy();
    body.resume();
    await new Promise((r) => setTimeout(r, 500));
    expect(pulled()).toBeLessThanOrEqual(first + 1);
    // Not left waiting for a client that is gone, holding its batch.
    expect(closed()).toBe(true);
  });

  it('CSV waits for the client too', async () => {
    const { body, pulled } = download(2000, 'csv');
    const ahead = await settled(pulled);
    expect(ahead).toBeLessThan(100);
    const text = (await readAll(body)).toString('utf8');
    expect(text.startsWith('\ufeff序号,项目名称,接收时间\r\n')).toBe(true);
    expect(text.trimEnd().split('\r\n')).toHaveLength(1 + 2000 * 250);
  }, 60_000);
});
