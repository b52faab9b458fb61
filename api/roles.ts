// Who may do what: the role × action table every protected route consults.

export const ROLES = ['viewer', 'release-manager', 'sre', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export type Action =
  | 'read'
  | 'start'
  | 'approve'
  | 'reject'
  | 'promote'
  | 'pause'
  | 'resume'
  | 'rollback'
  | 'abandonRollback'
  | 'overrideWindow'
  | 'schedule'
  | 'window'
  | 'audit'
  /** Notification channels, subscriptions and the outbound allowlist. */
  | 'configure';

export const ACTIONS: readonly Action[] = [
  'read',
  'start',
  'approve',
  'reject',
  'promote',
  'pause',
  'resume',
  'rollback',
  'abandonRollback',
  'overrideWindow',
  'schedule',
  'window',
  'audit',
  'configure',
];

const ALLOWED: Record<Role, readonly Action[]> = {
  viewer: ['read'],
  'release-manager': ['read', 'start', 'approve', 'reject', 'promote', 'pause', 'resume', 'rollback'],
  sre: ['read', 'pause', 'resume', 'rollback', 'abandonRollback', 'audit'],
  admin: ACTIONS,
};

export function mayAct(roles: readonly Role[], action: Action): boolean {
  return roles.some((role) => ALLOWED[role].includes(action));
}
