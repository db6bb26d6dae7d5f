import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

/** Instants are stored as ISO 8601 UTC text; booleans as 0/1 (same on SQLite and PostgreSQL). */
export interface OrgTable {
  id: Generated<number>;
  name: string;
  kind: string;
  region_code: string | null;
  parent_id: number | null;
  active: number;
  /** 1: its people must sign in with a second factor (administrators and the auditor always must). */
  require_totp: Generated<number>;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface UserTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  org_id: number;
  password_hash: string;
  must_change_password: number;
  active: number;
  version: number;
  last_login_at: string | null;
  /** When the account was created or last re-activated: with last_login_at, where its 90 unused days count from. */
  active_since: string | null;
  /** The TOTP secret, encrypted (auth/totp.ts); null until enrolled. */
  totp_secret: string | null;
  /** A secret being enrolled, until the first code confirms it. */
  totp_pending_secret: string | null;
  totp_enabled_at: string | null;
  /** The last 30-second step whose code was accepted: no code is accepted twice. */
  totp_last_step: number | null;
  created_at: string;
  updated_at: string;
}

export interface RecoveryCodeTable {
  id: Generated<number>;
  user_id: number;
  code_hash: string;
  used_at: string | null;
}

export interface PasswordHistoryTable {
  id: Generated<number>;
  user_id: number;
  password_hash: string;
  replaced_at: string;
}

export interface UserRoleTable {
  user_id: number;
  role: string;
}

export interface SessionTable {
  /** SHA-256 of the cookie value; the raw id is never stored. */
  id_hash: string;
  user_id: number;
  csrf_token: string;
  ip: string | null;
  user_agent: string | null;
  created_at: string;
  last_seen_at: string;
}

/** Failed-login counter per username, whether or not the user exists (so lockout reveals nothing). */
export interface LoginThrottleTable {
  username: string;
  failed_count: number;
  locked_until: string | null;
  updated_at: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  user_id: number | null;
  username: string | null;
  ip: string | null;
  action: string;
  entity_type: string | null;
  entity_id: string | null;
  before_json: string | null;
  after_json: string | null;
  prev_hash: string;
  hash: string;
}

export interface SettingTable {
  key: string;
  value: string;
}

export interface CalendarYearTable {
  year: number;
  source: string;
  loaded_at: string;
}

export interface CalendarDayTable {
  date: string;
  workday: number;
  name: string | null;
  /** 'notice' (from a State Council arrangement) or 'manual' (one day marked by the admin). */
  source: string;
  updated_at: string;
}

export interface SlaPolicyTable {
  step: string;
  amount: number;
  unit: string;
  version: number;
  updated_at: string;
}

export interface SlaClockTable {
  id: Generated<number>;
  entity_type: string;
  entity_id: number;
  step: string;
  /** Which policy row applied (assessment or assessment_major), and its amount and unit at the start. */
  policy_step: string;
  amount: number;
  unit: string;
  started_at: string;
  due_date: string;
  due_at: string;
  provisional: number;
  completed_at: string | null;
  /** 'met' or 'met_late', fixed when the step is completed. */
  verdict: string | null;
  /** How far its deadline has been announced: 0 not yet, 1 due soon, 2 overdue (migration 0014). */
  announced: Generated<number>;
}

export interface LeadTable {
  id: Generated<number>;
  code: string;
  version: number;
  stage: string;
  project_name: string;
  investor_name: string;
  investor_name_norm: string;
  investor_credit_code: string | null;
  investor_type: string | null;
  industry_code: string | null;
  chain_id: number | null;
  chain_link_id: number | null;
  planned_investment_yuan: number;
  fixed_asset_investment_yuan: number | null;
  land_area_mu: number | null;
  referrer_name: string;
  referrer_org: string | null;
  referrer_phone: string | null;
  referrer_kind: string;
  channel: string;
  received_at: string;
  is_major: number;
  owner_user_id: number | null;
  owner_org_id: number;
  registered_by_user_id: number;
  city_co_follow: number;
  decision: string | null;
  /** JSON: what each step recorded (key facts, assessment, feedback). */
  step_data: string;
  closed_reason: string | null;
  /** A lost lead: the city it went to and why (LOST_REASONS), migration 0018. */
  lost_to_city: string | null;
  lost_reason: string | null;
  /** The investor of the register (migration 0019); set on insert or by investors/link.ts. */
  investor_id: Generated<number | null>;
  /** The visit the lead was created from, if any. */
  source_visit_id: Generated<number | null>;
  merged_into_id: number | null;
  project_id: number | null;
  waiting_step: string | null;
  waiting_due_at: string | null;
  waiting_due_date: string | null;
  /** The import batch that created it (modules/imports), if it came from a ledger file. */
  import_batch_id: number | null;
  created_at: string;
  updated_at: string;
}

export interface LeadCountyTable {
  lead_id: number;
  org_id: number;
  /** Kept equal to the lead's stage and received_at (saveLead), for the per-county index. */
  stage: string;
  received_at: string;
  /** When someone of the county first opened the lead after its dispatch; null: new to them. */
  seen_at?: string | null;
  /** A copy of the lead's waiting_due_at, kept by migration 0015's triggers (the deadline sort). */
  waiting_due_at: Generated<string | null>;
}

export interface LeadEventTable {
  id: Generated<number>;
  lead_id: number;
  type: string;
  /** When it happened (may be earlier than recorded_at for after-the-fact entry). */
  at: string;
  recorded_at: string;
  user_id: number | null;
  user_name: string | null;
  data: string;
}

export interface LeadLinkTable {
  id: Generated<number>;
  lead_id: number;
  other_type: string;
  other_id: number;
  reason: string;
  created_at: string;
  resolution: string | null;
  resolved_at: string | null;
}

export interface CodeCounterTable {
  name: string;
  last: number;
}

export interface ProjectTable {
  id: Generated<number>;
  code: string;
  version: number;
  lead_id: number | null;
  name: string;
  investor_name: string;
  investor_name_norm: string;
  investor_credit_code: string | null;
  county_org_id: number;
  industry_code: string | null;
  chain_id: number | null;
  chain_link_id: number | null;
  total_investment_yuan: number;
  is_manufacturing: number;
  signed_on: string;
  started_on: string | null;
  in_production_on: string | null;
  stage: string;
  park_org_id: number | null;
  planned_start_on: string | null;
  planned_production_on: string | null;
  planned_output_yuan: number | null;
  planned_tax_yuan: number | null;
  planned_jobs: number | null;
  note: string | null;
  registered_by_user_id: number | null;
  import_batch_id: number | null;
  created_at: string;
  updated_at: string;
  /** The key-project lists it is on, comma-separated in KEY_LEVELS order; '' is 一般 (migration 0017). */
  key_levels: Generated<string>;
  /** normal / lagging / stalled / terminated, apart from the stage. */
  status: Generated<string>;
  status_on: string | null;
  /** 纳统: the day it entered the fixed-asset investment statistics, and its code there. */
  stats_registered_on: string | null;
  stats_code: string | null;
  /** The investor of the register (migration 0019). */
  investor_id: Generated<number | null>;
}

export interface ProjectStatusChangeTable {
  id: Generated<number>;
  project_id: number;
  from_status: string;
  status: string;
  on_date: string;
  reason: string;
  by_user_id: number;
  by_name: string;
  at: string;
}

export interface ProjectPlanTable {
  project_id: number;
  year: number;
  planned_yuan: number;
  version: number;
  updated_by_name: string;
  updated_at: string;
}

/** One month's reported investment of a project (YYYY-MM), corrected in place with its version. */
export interface ProjectMonthTable {
  id: Generated<number>;
  project_id: number;
  month: string;
  completed_yuan: number;
  progress: string;
  problems: string | null;
  version: number;
  reported_by_user_id: number;
  reported_by_name: string;
  reported_at: string;
  updated_at: string;
}

export interface AttachmentTable {
  id: Generated<number>;
  entity_type: string;
  entity_id: number;
  month: string | null;
  name: string;
  mime: string;
  size: number;
  sha256: string;
  /** Null when kept in INVESTTRACK_ATTACHMENTS_DIR under the sha256. */
  content: Buffer | null;
  uploaded_by_user_id: number;
  uploaded_by_name: string;
  uploaded_at: string;
}

export interface ProjectAgreementTable {
  project_id: number;
  version: number;
  signed_on: string;
  zone: string | null;
  total_investment_yuan: number;
  fixed_asset_yuan: number;
  land_mu: number;
  tax_per_mu_yuan: number | null;
  output_yuan: number | null;
  start_deadline: string | null;
  production_deadline: string | null;
  full_production_year: number | null;
  updated_by_name: string;
  updated_at: string;
}

export interface ProjectActualTable {
  project_id: number;
  year: number;
  invested_yuan: number;
  tax_yuan: number | null;
  output_yuan: number | null;
  version: number;
  updated_by_name: string;
  updated_at: string;
}

export interface LandStandardTable {
  id: Generated<number>;
  version: number;
  zone: string;
  industry_prefix: string;
  min_intensity_yuan_per_mu: number | null;
  min_tax_per_mu_yuan: number | null;
  min_total_yuan: number | null;
  note: string | null;
  is_example: Generated<number>;
  updated_by_name: string;
  updated_at: string;
}

export interface AdmissionReviewTable {
  id: Generated<number>;
  lead_id: number;
  version: number;
  zone: string;
  industry_code: string | null;
  total_investment_yuan: number;
  fixed_asset_yuan: number;
  land_mu: number;
  tax_per_mu_yuan: number | null;
  opinions: string;
  decision: string | null;
  decided_on: string | null;
  decision_note: string | null;
  created_by_name: string;
  created_at: string;
  updated_at: string;
}

/** A project's year so far (migration 0017's triggers keep it from project_months). */
export interface ProjectYearTable {
  project_id: number;
  year: number;
  completed_yuan: number;
  through_month: string;
}

/** Per-month totals of the projects, kept by triggers (migration 0020, stats/monthTotals.ts). */
export interface ProjectMonthTotalTable {
  stage: string;
  month: string;
  county_org_id: number;
  /** 0: no park. */
  park_org_id: number;
  cls: string;
  /** '': no industry. */
  industry_code: string;
  is_manufacturing: number;
  n: number;
  total: number;
}

/** Kept counts of leads, dispatches and projects by organisation and stage (migration 0021). */
export interface RecordCountTable {
  kind: string;
  org_id: number;
  stage: string;
  n: number;
}

export interface CoordinationIssueTable {
  id: Generated<number>;
  project_id: number;
  category: string;
  description: string;
  department_org_id: number | null;
  department: string | null;
  /** 'open', 'answered' or 'closed'. */
  status: string;
  raised_by_user_id: number;
  raised_by_name: string;
  raised_at: string;
  due_at: string;
  due_date: string;
  answer: string | null;
  answered_at: string | null;
  answered_by_name: string | null;
  closed_at: string | null;
  close_note: string | null;
  version: number;
}

export interface TargetTable {
  id: Generated<number>;
  year: number;
  org_id: number;
  indicator: string;
  target_value: number;
  note: string | null;
  updated_by_name: string;
  updated_at: string;
  version: number;
}

export interface IndicatorValueTable {
  id: Generated<number>;
  org_id: number;
  indicator: string;
  /** 2024, 2024-Q1 or 2024-03; period_end is its last day. */
  period: string;
  period_end: string;
  value: number;
  entered_by_name: string;
  entered_at: string;
}

export interface ClusterTable {
  id: Generated<number>;
  kind: string;
  name: string;
  description: string | null;
  /** The county or platform a speciality belongs to, if any. */
  org_id: number | null;
  active: number;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface ClusterCodeTable {
  cluster_id: number;
  code: string;
}

export interface RecordClusterTable {
  entity_type: string;
  entity_id: number;
  cluster_id: number;
  /** 'add' or 'remove', against the membership derived from the industry code. */
  mode: string;
  updated_at: string;
}

export interface ChainTable {
  id: Generated<number>;
  name: string;
  cluster_id: number | null;
  description: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface ChainLinkTable {
  id: Generated<number>;
  chain_id: number;
  /** 'upstream', 'midstream' or 'downstream'. */
  position: string;
  name: string;
  products: string | null;
  sort_order: number;
}

export interface ChainFirmTable {
  id: Generated<number>;
  link_id: number;
  name: string;
  kind: string;
  is_leader: number;
  org_id: number | null;
  note: string | null;
}

export interface ApprovalRequestTable {
  id: Generated<number>;
  /** 'password_reset' (payload: the new password's hash) or 'role_grant' (payload: the roles). */
  kind: string;
  target_user_id: number;
  payload: string;
  /** pending → approved | rejected | cancelled; a pending one past expires_at can no longer be approved. */
  status: string;
  requested_by_user_id: number;
  requested_at: string;
  expires_at: string;
  decided_by_user_id: number | null;
  decided_at: string | null;
  note: string | null;
}

export interface ImportBatchTable {
  id: Generated<number>;
  kind: string;
  org_id: number;
  user_id: number | null;
  user_name: string;
  file_name: string;
  sha256: string;
  size_bytes: number;
  /** The uploaded file while the batch is a draft; cleared when it is committed. */
  file: Buffer | null;
  /** 'draft', 'committed' or 'undone'. */
  status: string;
  mapping: string | null;
  counts: string | null;
  /** JSON: the records a commit merged rows into, with what they were before, for undo. */
  merged: string | null;
  created_at: string;
  committed_at: string | null;
  undone_at: string | null;
}

export interface ImportMappingTable {
  id: Generated<number>;
  kind: string;
  org_id: number;
  /** The folded header texts of the sheet, joined: files of the same shape share it. */
  signature: string;
  mapping: string;
  saved_by_name: string;
  saved_at: string;
}

export interface NotificationTable {
  id: Generated<number>;
  user_id: number;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  entity_type: string | null;
  entity_id: number | null;
  /** One notification per person and event: the same key twice is written once. */
  dedupe_key: string | null;
  created_at: string;
  read_at: string | null;
}

export interface NotificationPreferenceTable {
  user_id: number;
  kind: string;
  in_app: number;
  to_group: number;
}

export interface ChatChannelTable {
  id: Generated<number>;
  org_id: number;
  /** wecom | dingtalk | feishu | webhook */
  kind: string;
  name: string;
  /** The robot's webhook address (it carries the robot's key or token: never answered in full). */
  url: string;
  /** DingTalk 加签, Feishu signing or the generic webhook's HMAC secret; never answered. */
  secret: string | null;
  /** JSON array of what goes here: weekly, daily, dispatch, notices. */
  topics: string;
  enabled: number;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface DeliveryTable {
  id: Generated<number>;
  channel_id: number;
  topic: string;
  title: string;
  /** JSON of the message: { title, markdown, link }. */
  message: string;
  dedupe_key: string | null;
  /** queued | sent | failed */
  status: string;
  attempts: number;
  next_attempt_at: string;
  lease_owner: string | null;
  lease_until: string | null;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

export interface JobRunTable {
  job: string;
  /** The scheduled instant this run stands for (ISO); one row per job and slot. */
  slot: string;
  owner: string;
  lease_until: string;
  started_at: string;
  finished_at: string | null;
  attempts: number;
  error: string | null;
  summary: string | null;
}

export interface InvestorTable {
  id: Generated<number>;
  version: number;
  name: string;
  name_norm: string;
  credit_code: string | null;
  /** JSON array of former and other names. */
  aliases: string;
  kind: string | null;
  hq_region: string | null;
  industry_code: string | null;
  chain_role: string | null;
  notes: string | null;
  merged_into_id: number | null;
  created_by_user_id: number | null;
  created_at: string;
  updated_at: string;
}

export interface InvestorContactTable {
  id: Generated<number>;
  investor_id: number;
  name: string;
  title: string | null;
  phone: string | null;
  email: string | null;
  added_by_user_id: number;
  added_by_name: string;
  created_at: string;
}

export interface TripTable {
  id: Generated<number>;
  version: number;
  org_id: number;
  kind: string;
  title: string;
  city: string;
  start_date: string;
  end_date: string;
  team: string;
  report: string | null;
  reported_at: string | null;
  reported_by_name: string | null;
  created_by_user_id: number;
  created_by_name: string;
  created_at: string;
  updated_at: string;
}

export interface TripTargetTable {
  trip_id: number;
  investor_id: number;
}

export interface VisitTable {
  id: Generated<number>;
  version: number;
  org_id: number;
  kind: string;
  visit_date: string;
  place: string | null;
  participants: string;
  firm_contacts: string | null;
  discussion: string;
  next_steps: string | null;
  next_due_date: string | null;
  next_done_at: string | null;
  investor_id: number;
  lead_id: number | null;
  project_id: number | null;
  trip_id: number | null;
  created_by_user_id: number;
  created_by_name: string;
  created_at: string;
  updated_at: string;
}

export interface Database {
  investors: InvestorTable;
  investor_contacts: InvestorContactTable;
  trips: TripTable;
  trip_targets: TripTargetTable;
  visits: VisitTable;
  orgs: OrgTable;
  users: UserTable;
  user_roles: UserRoleTable;
  sessions: SessionTable;
  approval_requests: ApprovalRequestTable;
  password_history: PasswordHistoryTable;
  recovery_codes: RecoveryCodeTable;
  login_throttle: LoginThrottleTable;
  audit_log: AuditLogTable;
  settings: SettingTable;
  calendar_years: CalendarYearTable;
  calendar_days: CalendarDayTable;
  sla_policies: SlaPolicyTable;
  sla_clocks: SlaClockTable;
  leads: LeadTable;
  lead_counties: LeadCountyTable;
  lead_events: LeadEventTable;
  lead_links: LeadLinkTable;
  code_counters: CodeCounterTable;
  projects: ProjectTable;
  project_status_changes: ProjectStatusChangeTable;
  project_plans: ProjectPlanTable;
  project_months: ProjectMonthTable;
  project_years: ProjectYearTable;
  project_month_totals: ProjectMonthTotalTable;
  record_counts: RecordCountTable;
  attachments: AttachmentTable;
  project_agreements: ProjectAgreementTable;
  project_actuals: ProjectActualTable;
  land_standards: LandStandardTable;
  admission_reviews: AdmissionReviewTable;
  clusters: ClusterTable;
  cluster_codes: ClusterCodeTable;
  record_clusters: RecordClusterTable;
  chains: ChainTable;
  chain_links: ChainLinkTable;
  chain_firms: ChainFirmTable;
  coordination_issues: CoordinationIssueTable;
  targets: TargetTable;
  indicator_values: IndicatorValueTable;
  import_batches: ImportBatchTable;
  import_mappings: ImportMappingTable;
  notifications: NotificationTable;
  notification_preferences: NotificationPreferenceTable;
  chat_channels: ChatChannelTable;
  deliveries: DeliveryTable;
  job_runs: JobRunTable;
  /** One row (id 1): bumped by triggers on every write of what the statistics read (migration 0012). */
  data_version: { id: number; version: number };
}

export type OrgRow = Selectable<OrgTable>;
export type NewOrg = Insertable<OrgTable>;
export type OrgUpdate = Updateable<OrgTable>;
export type UserRow = Selectable<UserTable>;
export type ApprovalRow = Selectable<ApprovalRequestTable>;
export type AuditRow = Selectable<AuditLogTable>;
export type SlaClockRow = Selectable<SlaClockTable>;
export type LeadRow = Selectable<LeadTable>;
export type ProjectRow = Selectable<ProjectTable>;
export type InvestorRow = Selectable<InvestorTable>;
export type VisitRow = Selectable<VisitTable>;
export type TripRow = Selectable<TripTable>;
export type ProjectMonthRow = Selectable<ProjectMonthTable>;
export type IssueRow = Selectable<CoordinationIssueTable>;
export type ImportBatchRow = Selectable<ImportBatchTable>;
export type NotificationRow = Selectable<NotificationTable>;
export type ChatChannelRow = Selectable<ChatChannelTable>;
export type DeliveryRow = Selectable<DeliveryTable>;
