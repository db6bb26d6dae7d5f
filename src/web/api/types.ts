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
