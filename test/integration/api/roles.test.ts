// Every role × action cell over HTTP on the real stack: refused cells answer 403 and change nothing; allowed cells
// get past the role check (to 200, or to the 400/404/409 the request itself deserves).
import { idPath, useApiStack, type TokenRole } from '../../support/api-stack';

const stack = useApiStack({ rps: 0 });

const ghost = idPath('rollout:00000000-0000-0000-0000-000000000000/rg/ws/ghost-ep');
type Cell = { action: string; method: string; path: string; body?: unknown };

const CELLS: Cell[] = [
  { action: 'read', method: 'GET', path: '/rollouts' },
  { action: 'read', method: 'GET', path: '/schedules' },
  { action: 'start', method: 'POST', path: '/rollouts', body: { endpoint: 'heart-ep' } },
  ...['approve', 'reject', 'pause', 'resume'].map((action) => ({
    action,
    method: 'POST',
    path: `${ghost}/${action}`,
    body: {},
  })),
  ...['rollback', 'promote'].map((action) => ({
    action,
    method: 'POST',
    path: `${ghost}/${action}`,
    body: { reason: 'matrix' },
  })),
  { action: 'abandonRollback', method: 'POST', path: `${ghost}/abandon-rollback`, body: { reason: 'matrix' } },
  { action: 'schedule', method: 'POST', path: '/schedules', body: { every: '1h' } },
  { action: 'schedule', method: 'DELETE', path: '/schedules/ghost-schedule' },
];

const ALLOWED: Record<TokenRole, string[]> = {
  viewer: ['read'],
  releaseManager: ['read', 'start', 'approve', 'reject', 'promote', 'pause', 'resume', 'rollback'],
  releaseManager2: ['read', 'start', 'approve', 'reject', 'promote', 'pause', 'resume', 'rollback'],
  sre: ['read', 'pause', 'resume', 'rollback', 'abandonRollback'],
  admin: [
    'read',
    'start',
    'approve',
    'reject',
    'promote',
    'pause',
    'resume',
    'rollback',
    'abandonRollback',
    'schedule',
  ],
};

const table = (Object.keys(ALLOWED) as TokenRole[]).flatMap((role) =>
  CELLS.map(
    (cell) =>
      [
        role,
        ALLOWED[role].includes(cell.action) ? 'may' : 'may not',
        cell.action,
        cell.method,
        cell.path,
        cell,
      ] as const,
  ),
);

describe('role × action', () => {
  it.each(table)('%s %s %s (%s %s)', async (role, verdict, _action, method, path, cell) => {
    const response = await stack.call(method, path, { role, body: cell.body });
    if (verdict === 'may') {
      expect([401, 403]).not.toContain(response.status);
      expect(response.status).toBeLessThan(500);
    } else {
      expect(response.status).toBe(403);
      expect(response.body.error.code).toBe('Forbidden');
    }
  });

  it('answers 401 to every protected route without a token, and with a wrong one', async () => {
    for (const cell of CELLS) {
      expect((await stack.call(cell.method, cell.path, { body: cell.body })).status).toBe(401);
      expect((await stack.call(cell.method, cell.path, { token: 'not-a-token', body: cell.body })).status).toBe(401);
    }
  });

  it('leaves no trace of the refused requests', async () => {
    const rollouts = await stack.call('GET', '/rollouts?endpoint=heart-ep', { role: 'viewer' });
    expect(rollouts.body.items).toEqual([]);
    const schedules = await stack.call('GET', '/schedules', { role: 'viewer' });
    expect(
      schedules.body.items.filter(
        (s: { template?: { target?: { workspace?: string } } }) =>
          s.template?.target?.workspace === stack.emulator.workspace,
      ),
    ).toEqual([]);
    const endpoint = await stack.emulator.arm.onlineEndpoints.get(
      stack.emulator.resourceGroup,
      stack.emulator.workspace,
      'heart-ep',
    );
    expect(endpoint.properties.traffic).toEqual({ blue: 100 });
  });
});
