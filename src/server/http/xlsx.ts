import type { FastifyReply } from 'fastify';
import { XLSX_MIME } from '../../core/api/common.js';

export { XLSX_MIME };

/**
 * A download's headers: its type, and the Chinese file name in filename* (RFC 6266) with an ASCII
 * one of the same extension for old clients.
 */
export function asAttachment(reply: FastifyReply, type: string, name: string): FastifyReply {
  const extension = name.slice(name.lastIndexOf('.'));
  return reply
    .header('Content-Type', type)
    .header(
      'Content-Disposition',
      `attachment; filename="investtrack${extension}"; filename*=UTF-8''${encodeURIComponent(name)}`,
    );
}

/** An xlsx download. */
export function sendXlsx(reply: FastifyReply, buffer: Buffer, name: string) {
  return asAttachment(reply, XLSX_MIME, name).send(buffer);
}
