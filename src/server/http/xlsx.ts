import type { FastifyReply } from 'fastify';
import { AppError } from '../errors.js';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** An xlsx download; the Chinese file name goes in filename* (RFC 6266), an ASCII one for old clients. */
export function sendXlsx(reply: FastifyReply, buffer: Buffer, name: string) {
  return reply
    .header('Content-Type', XLSX_MIME)
    .header(
      'Content-Disposition',
      `attachment; filename="investtrack.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`,
    )
    .send(buffer);
}

/** One export holds at most this many rows; more must be narrowed by the filters. */
export const EXPORT_MAX_ROWS = 20_000;

export function checkExportSize(total: number): void {
  if (total > EXPORT_MAX_ROWS) {
    throw new AppError('RULE_VIOLATION', {
      text: {
        zh: `筛选结果 ${total} 条，超过单次导出上限 ${EXPORT_MAX_ROWS} 条，请缩小筛选范围`,
        en: `${total} rows match, more than the ${EXPORT_MAX_ROWS} one export allows; narrow the filters`,
      },
    });
  }
}
