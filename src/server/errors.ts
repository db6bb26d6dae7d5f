/**
 * One catalogue of domain errors: each a stable code, an HTTP status and a message in both languages.
 * Services throw AppError; the one error handler (http/errorHandler.ts) turns it into API.md's shape.
 */
import type { Lang } from '../core/messages.js';

export type Text = Record<Lang, string>;
export interface FieldIssue {
  path: string;
  text: Text;
}

const CATALOGUE = {
  VALIDATION_FAILED: { status: 400, zh: '请求参数有误', en: 'The request has invalid fields' },
  UNAUTHENTICATED: { status: 401, zh: '请先登录', en: 'Please sign in first' },
  BAD_CREDENTIALS: { status: 401, zh: '用户名或密码错误', en: 'Wrong username or password' },
  SESSION_EXPIRED: {
    status: 401,
    zh: '登录已过期，请重新登录',
    en: 'Your session has expired; please sign in again',
  },
  CSRF: {
    status: 403,
    zh: '请求缺少有效的 CSRF 令牌，请刷新页面后重试',
    en: 'Missing or invalid CSRF token; reload the page and try again',
  },
  FORBIDDEN: { status: 403, zh: '您没有执行此操作的权限', en: 'You are not allowed to do this' },
  PASSWORD_CHANGE_REQUIRED: {
    status: 403,
    zh: '请先修改密码后再继续使用',
    en: 'You must change your password before continuing',
  },
  NOT_FOUND: { status: 404, zh: '记录不存在', en: 'Not found' },
  STALE_VERSION: {
    status: 409,
    zh: '该记录已被他人修改，请刷新后重试',
    en: 'Someone else changed this record; reload and try again',
  },
  CONFLICT: { status: 409, zh: '与现有记录冲突', en: 'Conflicts with an existing record' },
  USERNAME_TAKEN: { status: 409, zh: '用户名已被使用', en: 'That username is already taken' },
  ILLEGAL_TRANSITION: {
    status: 409,
    zh: '当前阶段不能执行该操作',
    en: 'That step is not possible from the current stage',
  },
  LEAD_POSSIBLE_DUPLICATE: {
    status: 409,
    zh: '可能与已有线索或项目重复，请核对；确认不重复后可继续登记',
    en: 'This may duplicate an existing lead or project; check, then confirm to register anyway',
  },
  LEAD_OUT_OF_SCOPE: {
    status: 422,
    zh: '线索管理范围为计划投资额 1 亿元（含）以上的项目',
    en: 'Leads must plan an investment of at least 100 million yuan (1亿元)',
  },
  RULE_VIOLATION: { status: 422, zh: '操作不符合业务规则', en: 'A rule of the domain refused this' },
  LAST_ADMIN: {
    status: 422,
    zh: '不能移除或停用最后一个系统管理员',
    en: 'The last administrator cannot be removed or deactivated',
  },
  SELF_LOCKOUT: {
    status: 422,
    zh: '不能停用自己的账户或移除自己的管理员角色',
    en: 'You cannot deactivate yourself or remove your own administrator role',
  },
  OWN_PASSWORD_RESET: {
    status: 422,
    zh: '不能重置自己的密码，请在“修改密码”中输入当前密码后修改',
    en: 'You cannot reset your own password; change it with your current one',
  },
  SECOND_PERSON_REQUIRED: {
    status: 403,
    zh: '该申请须由另一人审批：不能审批自己提出的或涉及自己账户的申请',
    en: 'A second person must decide: not the one who asked, nor the account concerned',
  },
  APPROVAL_CLOSED: {
    status: 409,
    zh: '该申请已处理、已撤销或已过期',
    en: 'That request has been decided, cancelled or has expired',
  },
  WRONG_PASSWORD: { status: 422, zh: '当前密码不正确', en: 'The current password is wrong' },
  ORG_IN_USE: {
    status: 422,
    zh: '该组织下仍有启用的用户或下级组织，不能停用',
    en: 'The organisation still has active users or sub-organisations',
  },
  ACCOUNT_LOCKED: { status: 429, zh: '账户已锁定', en: 'The account is locked' },
  TOTP_ENROLMENT_REQUIRED: {
    status: 403,
    zh: '请先绑定动态验证码（身份验证器）后再继续使用',
    en: 'Set up your authenticator (a second factor) before continuing',
  },
  OTP_REQUIRED: {
    status: 401,
    zh: '请输入身份验证器上的 6 位动态验证码',
    en: 'Enter the 6-digit code from your authenticator',
  },
  BAD_OTP: {
    status: 401,
    zh: '动态验证码不正确或已使用过，请输入新的验证码',
    en: 'That code is wrong or was already used; enter a new one',
  },
  TOTP_REQUIRED_FOR_ROLE: {
    status: 422,
    zh: '您的账户必须使用动态验证码，不能关闭',
    en: 'Your account must use a second factor; it cannot be turned off',
  },
  ACCOUNT_DORMANT: {
    status: 403,
    zh: '账户超过 90 天未使用，已停用；请联系系统管理员重新启用',
    en: 'The account was unused for 90 days and has been disabled; ask the administrator to re-enable it',
  },
  RATE_LIMITED: { status: 429, zh: '请求过于频繁，请稍后再试', en: 'Too many requests; try again later' },
  INTERNAL: { status: 500, zh: '服务器内部错误', en: 'Internal server error' },
} as const satisfies Record<string, { status: number } & Text>;

export type ErrorCode = keyof typeof CATALOGUE;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: unknown;
  /** A more specific message than the catalogue's, in both languages. */
  readonly text: Text | undefined;
  /** For VALIDATION_FAILED: each field and its problem, in both languages. */
  readonly issues: FieldIssue[] | undefined;

  constructor(code: ErrorCode, options: { details?: unknown; text?: Text; issues?: FieldIssue[] } = {}) {
    super(options.text?.en ?? CATALOGUE[code].en);
    this.code = code;
    this.status = CATALOGUE[code].status;
    this.details = options.details;
    this.text = options.text;
    this.issues = options.issues;
  }

  messageIn(lang: Lang): string {
    return this.text?.[lang] ?? CATALOGUE[this.code][lang];
  }
}

export function catalogueMessage(code: ErrorCode, lang: Lang): string {
  return CATALOGUE[code][lang];
}

export function statusOf(code: ErrorCode): number {
  return CATALOGUE[code].status;
}

export const notFound = () => new AppError('NOT_FOUND');
export const forbidden = () => new AppError('FORBIDDEN');
export const staleVersion = () => new AppError('STALE_VERSION');

/** A 400 for a rule found in a service rather than in the schema, naming the field. */
export function invalidField(path: string, text: Text): AppError {
  return new AppError('VALIDATION_FAILED', { issues: [{ path, text }] });
}
