import type { OrgKind } from '../../core/orgs.js';
import type { Role } from '../../core/roles.js';

export interface SessionUser {
  id: number;
  username: string;
  displayName: string;
  orgId: number;
  roles: Role[];
  mustChangePassword: boolean;
}

export interface Me {
  user: SessionUser;
  csrfToken: string;
  abilities: Record<string, boolean>;
  session: {
    idleExpiresAt: string;
    absoluteExpiresAt: string;
    idleTimeoutMinutes: number;
    absoluteTimeoutHours: number;
  };
  demo: boolean;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface User extends SessionUser {
  active: boolean;
  version: number;
  lastLoginAt: string | null;
  createdAt: string;
  lockedUntil?: string | null;
}

export interface Org {
  id: number;
  name: string;
  kind: OrgKind;
  regionCode?: string;
  parentId?: number;
  active: boolean;
  version: number;
}

export interface AuditEntry {
  id: number;
  at: string;
  userId: number | null;
  username: string | null;
  ip: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  before: unknown;
  after: unknown;
  hash: string;
}

export interface ClockView {
  startedAt: string | null;
  dueDate: string | null;
  dueAt: string | null;
  completedAt: string | null;
  provisional: boolean;
  status: 'not_started' | 'pending' | 'due_soon' | 'overdue' | 'met' | 'met_late';
  remainingWorkdays: number | null;
  overdueWorkdays: number | null;
  policy: { step: string; amount: number; unit: string } | null;
}

export interface Lead {
  id: number;
  code: string;
  version: number;
  stage: string;
  projectName: string;
  investorName: string;
  investorCreditCode?: string;
  investorType?: string;
  industryCode?: string;
  industryName?: string;
  plannedInvestmentYuan: number;
  fixedAssetInvestmentYuan?: number;
  landAreaMu?: number;
  referrer: { name: string; organization?: string; phone?: string; kind: string };
  channel: string;
  receivedAt: string;
  isMajor: boolean;
  ownerUserId?: number;
  ownerOrgId: number;
  countyOrgIds: number[];
  clusterIds: number[];
  cityCoFollow: boolean;
  decision?: string;
  closedReason?: string;
  mergedIntoId?: number;
  projectId?: number;
  steps: Record<string, Record<string, unknown>>;
  waiting: { step: string; dueDate: string; dueAt: string } | null;
  sla: Record<'response' | 'assessment' | 'feedback' | 'progress', ClockView>;
  createdAt: string;
  updatedAt: string;
}

export interface LeadDetail extends Lead {
  events: {
    id: number;
    type: string;
    at: string;
    recordedAt: string;
    userId: number | null;
    userName: string | null;
    data: Record<string, unknown>;
  }[];
  duplicates: {
    linkId: number;
    type: string;
    id: number;
    code: string;
    name: string;
    stage: string;
    reason: string;
    resolution: string | null;
  }[];
  project: { id: number; code: string; name: string; stage: string } | null;
  allowedActions: string[];
}

export type ProjectStage = 'signed' | 'started' | 'in_production';

export interface Issue {
  id: number;
  version: number;
  projectId: number;
  projectCode?: string;
  projectName?: string;
  category: string;
  description: string;
  departmentOrgId: number | null;
  department: string | null;
  status: 'open' | 'answered' | 'closed';
  raisedByName: string;
  raisedAt: string;
  dueAt: string;
  dueDate: string;
  overdue: boolean;
  answer: string | null;
  answeredAt: string | null;
  answeredByName: string | null;
  closedAt: string | null;
  closeNote: string | null;
}

export interface Project {
  id: number;
  code: string;
  version: number;
  leadId: number | null;
  name: string;
  investorName: string;
  investorCreditCode: string | null;
  countyOrgId: number;
  parkOrgId: number | null;
  industryCode: string | null;
  industryName: string | null;
  chainId: number | null;
  chainLinkId: number | null;
  totalInvestmentYuan: number;
  isManufacturing: boolean;
  projectClass: 'major10' | 'major1' | 'below1';
  signedOn: string;
  startedOn: string | null;
  inProductionOn: string | null;
  stage: ProjectStage;
  plannedStartOn: string | null;
  plannedProductionOn: string | null;
  plannedOutputYuan: number | null;
  plannedTaxYuan: number | null;
  plannedJobs: number | null;
  note: string | null;
  clusterIds: number[];
  openIssues: number;
  overdueIssues: number;
  /** On the project page only. */
  lead?: { id: number; code: string } | null;
  actions?: string[];
  issues?: Issue[];
}

export interface Figure {
  count: number;
  investmentYuan: number;
}
export interface Figures {
  signed: Figure;
  started: Figure;
  inProduction: Figure;
}
export interface Pipeline extends Figures {
  from: string;
  to: string;
  byCounty: ({ orgId: number } & Figures)[];
  byMonth?: ({ month: string } & Figures)[];
  byClass?: ({ projectClass: Project['projectClass'] } & Figures)[];
  byCluster?: ({ clusterId: number } & Figures)[];
  manufacturing?: Figures;
}

export interface TargetRow {
  id: number;
  version: number;
  orgId: number;
  orgName: string;
  orgKind: string;
  indicator: string;
  source: 'computed' | 'entered';
  kind: 'cumulative' | 'rate';
  unit: 'count' | 'yuan' | 'percent';
  targetValue: number;
  actualValue: number | null;
  completionRate: number | null;
  timeElapsedRate: number;
  behind: boolean;
  colour: 'red' | 'amber' | 'green' | 'none';
  rank: number | null;
  note: string | null;
  updatedByName: string;
  updatedAt: string;
  period: string | null;
  enteredByName: string | null;
  enteredAt: string | null;
}

export interface TargetsReport {
  year: number;
  asOf: string;
  timeElapsedRate: number;
  items: TargetRow[];
}
