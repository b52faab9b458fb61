// Which role may take which action.
import { mayAct, ROLES, ACTIONS, type Action, type Role } from '../../../api/roles';

describe('role table', () => {
  const allowed: Record<Role, Action[]> = {
    viewer: ['read'],
    'release-manager': ['read', 'start', 'approve', 'reject', 'promote', 'pause', 'resume', 'rollback'],
    sre: ['read', 'pause', 'resume', 'rollback', 'abandonRollback', 'audit'],
    admin: [...ACTIONS],
  };
  it.each(ROLES.flatMap((role) => ACTIONS.map((action) => [role, action] as const)))('%s × %s', (role, action) => {
    expect(mayAct([role], action)).toBe(allowed[role].includes(action));
  });
});
