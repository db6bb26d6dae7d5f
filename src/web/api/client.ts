import { currentLang } from '../i18n/lang.js';

export interface FieldProblem {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  /** VALIDATION_FAILED and friends list the fields at fault. */
  get fieldProblems(): FieldProblem[] {
    return Array.isArray(this.details) ? (this.details as FieldProblem[]) : [];
  }
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

let csrfToken: string | null = null;
export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

/** Every answered call counts as activity: the idle timer listens to this. */
export const activity = new EventTarget();

/**
 * `background`: a call the app makes on its own (polling): the server leaves the session's idle
 * timeout running, and the idle warning does not count it as activity.
 */
export async function api<T>(
  method: string,
  path: string,
  body?: unknown,
  options: { background?: boolean } = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': currentLang() };
  if (options.background) headers['X-InvestTrack-Background'] = '1';
  // A file goes as itself (the xlsx uploads); anything else as JSON.
  const file = body instanceof Blob;
  if (body !== undefined) headers['Content-Type'] = file ? body.type || XLSX_TYPE : 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : file ? body : JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(
      0,
      'NETWORK',
      currentLang() === 'zh' ? '无法连接服务器，请检查网络' : 'Cannot reach the server',
    );
  }
  if (response.status === 401 && !path.endsWith('/auth/login')) {
    activity.dispatchEvent(new CustomEvent('unauthenticated', { detail: await errorCode(response.clone()) }));
  } else if (!options.background) activity.dispatchEvent(new Event('activity'));
  if (response.status === 204) return undefined as T;
  const data = await response.json().catch(() => null);
  if (!response.ok) {
    const error = data?.error;
    throw new ApiError(
      response.status,
      error?.code ?? 'HTTP_ERROR',
      error?.message ?? response.statusText,
      error?.details,
    );
  }
  return data as T;
}

async function errorCode(response: Response): Promise<string> {
  const data = await response.json().catch(() => null);
  return data?.error?.code ?? 'UNAUTHENTICATED';
}

export function toQuery(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
