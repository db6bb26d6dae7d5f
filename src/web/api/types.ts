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
