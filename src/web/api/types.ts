/**
 * The shapes the server answers, as the web reads them: z.infer of the very schemas the server
 * serialises with (src/core/api), never hand copies.
 */
import type { z } from 'zod';
import type { errorBody, pageOf } from '../../core/api/common.js';
import type { clockView, leadDetail, listedLead } from '../../core/api/leads.js';
import type {
  channel,
  delivery,
  jobStatus,
  notification,
  notificationPage,
  preferences,
  testSend,
  unreadCount,
} from '../../core/api/notifications.js';
import type {
  approval,
  auditEntry,
  listedUser,
  me,
  org,
  sessionUser,
  userAnswer,
} from '../../core/api/platform.js';
import type {
  coordinationIssue,
  investmentAnswer,
  keyProjectsAnswer,
  project,
  projectDetail,
} from '../../core/api/projects.js';
import type { figure, pipeline, targetRow, targetsAnswer } from '../../core/api/stats.js';
import type { PROJECT_STAGES } from '../../core/projects/stages.js';

export type SessionUser = z.infer<typeof sessionUser>;
export type Me = z.infer<typeof me>;
/** A page of a list (API.md's `{items, total, page, pageSize}`). */
export type Page<T> = Omit<z.infer<ReturnType<typeof pageOf>>, 'items'> & { items: T[] };
export type User = z.infer<typeof listedUser>;
export type Approval = z.infer<typeof approval>;
/** What an account write answers: the account, and the approval part of it waits for. */
export type UserAnswer = z.infer<typeof userAnswer>;
export type Org = z.infer<typeof org>;
export type AuditEntry = z.infer<typeof auditEntry>;
export type ClockView = z.infer<typeof clockView>;
/** A lead as lists show it (with 新 for the county it was just dispatched to). */
export type Lead = z.infer<typeof listedLead>;
export type LeadDetail = z.infer<typeof leadDetail>;
export type ProjectStage = (typeof PROJECT_STAGES)[number];
export type Issue = z.infer<typeof coordinationIssue>;
/** A project as lists show it; the project page's extra fields are optional here. */
export type Project = z.infer<typeof project> &
  Partial<Pick<z.infer<typeof projectDetail>, 'lead' | 'actions' | 'issues' | 'chainLink'>>;
export type Figure = z.infer<typeof figure>;
export type Figures = { signed: Figure; started: Figure; inProduction: Figure };
export type Pipeline = z.infer<typeof pipeline>;
export type TargetRow = z.infer<typeof targetRow>;
export type TargetsReport = z.infer<typeof targetsAnswer>;
export type ErrorBody = z.infer<typeof errorBody>;
export type Notification = z.infer<typeof notification>;
export type NotificationPage = z.infer<typeof notificationPage>;
export type UnreadCount = z.infer<typeof unreadCount>;
export type Preferences = z.infer<typeof preferences>;
export type Channel = z.infer<typeof channel>;
export type Delivery = z.infer<typeof delivery>;
export type JobStatus = z.infer<typeof jobStatus>;
export type TestSend = z.infer<typeof testSend>;
export type Investment = z.infer<typeof investmentAnswer>;
export type KeyProjects = z.infer<typeof keyProjectsAnswer>;
