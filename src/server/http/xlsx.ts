import type { FastifyReply } from 'fastify';

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
