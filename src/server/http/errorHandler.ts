import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { knownFieldLabel, type Lang } from '../../core/messages.js';
import { AppError, catalogueMessage, type ErrorCode, statusOf } from '../errors.js';
import { langOf } from './context.js';
import { describeIssues, RequestValidationError } from './validation.js';

function send(
  reply: FastifyReply,
  code: ErrorCode,
  message: string,
  details?: unknown,
  status = statusOf(code),
) {
  return reply
    .status(status)
    .send({ error: { code, message, ...(details === undefined ? {} : { details }) } });
}

function validationMessage(lang: Lang, details: { path: string; message: string }[]): string {
  const head = catalogueMessage('VALIDATION_FAILED', lang);
  const first = details[0];
  if (!first) return head;
  const more =
    details.length > 1
      ? lang === 'zh'
        ? `（共 ${details.length} 处）`
        : ` (${details.length} problems)`
      : '';
  return lang === 'zh' ? `${head}：${first.message}${more}` : `${head}: ${first.message}${more}`;
}

/** The one place where errors become HTTP responses. Nothing internal reaches the client. */
export function errorHandler(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) {
  const lang = langOf(request);
  if (error instanceof RequestValidationError) {
    const details = describeIssues(error, lang);
    return send(reply, 'VALIDATION_FAILED', validationMessage(lang, details), details);
  }
  if (error instanceof AppError) {
    if (error.issues) {
      // The field named as people know it, then what is wrong with it.
      const details = error.issues.map((i) => {
        const label = knownFieldLabel(i.path, lang);
        const text = i.text[lang];
        const named = !label || text.includes(label) ? text : `${label}${lang === 'zh' ? '：' : ': '}${text}`;
        return { path: i.path, message: named };
      });
      const message =
        error.code === 'VALIDATION_FAILED' ? validationMessage(lang, details) : error.messageIn(lang);
      return send(reply, error.code, message, details);
    }
    return send(reply, error.code, error.messageIn(lang), error.details);
  }
  const fe = error as FastifyError;
  if (fe.statusCode === 429) return send(reply, 'RATE_LIMITED', catalogueMessage('RATE_LIMITED', lang));
  if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || fe.statusCode === 415) {
    const message =
      lang === 'zh' ? '请求体须为 JSON（Content-Type: application/json）' : 'The body must be JSON';
    return send(reply, 'VALIDATION_FAILED', message, [{ path: 'body', message }], 400);
  }
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || fe.statusCode === 413) {
    // The limit named, so the user knows how far to cut the file.
    const mb = Math.round((request.routeOptions.bodyLimit ?? 0) / 1024 / 1024);
    const message =
      lang === 'zh'
        ? `上传内容超过 ${mb} MB 上限，请拆分后再上传`
        : `The upload is larger than the ${mb} MB limit; split it`;
    return send(reply, 'VALIDATION_FAILED', message, [{ path: 'file', message }], 400);
  }
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    // Malformed JSON, empty body, body too large …: the client's fault, described without internals.
    const message = lang === 'zh' ? `请求格式有误：${fe.message}` : `Malformed request: ${fe.message}`;
    return send(reply, 'VALIDATION_FAILED', message, [{ path: 'body', message: fe.message }], 400);
  }
  request.log.error({ err: error }, 'unhandled error');
  return send(reply, 'INTERNAL', catalogueMessage('INTERNAL', lang));
}
