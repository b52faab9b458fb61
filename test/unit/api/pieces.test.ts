// Pure pieces of the API: config checks, the token store, the role table, alert parsing, metric summaries.
import { ConfigError, loadConfig } from '../../../api/config';
import { createTokenStore, sha256Hex } from '../../../api/auth';
import { mayAct, ROLES, ACTIONS, type Action, type Role } from '../../../api/roles';
import { alertReason, alertedRolloutIds } from '../../../api/alert';
import { commonAlertSchema } from '../../../api/contract';
import { rollbackCause, summarizeStatuses } from '../../../api/metrics';
import { resolveRolloutId } from '../../../api/targets';
import type { RolloutStatus } from '../../../domain/status';

describe('loadConfig', () => {
  it('applies defaults and treats empty strings as unset', () => {
    const config = loadConfig({ API_PORT: '', TEMPORAL_ADDRESS: '' });
    expect(config).toMatchObject({ port: 8080, temporal: { address: '127.0.0.1:7233', namespace: 'default', taskQueue: 'rollouts' }, tokens: [] });
  });

  it('lists every problem, naming the variable', () => {
    try {
      loadConfig({ API_PORT: 'eighty', API_TOKENS: '[{"name":"a","role":"boss","sha256":"xyz"}]', ENTRA_ISSUER: 'https://login.example/v2.0', ALERT_WEBHOOK_SECRET: 'short' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems.join('\n')).toMatch(/API_PORT/);
      expect((error as ConfigError).problems.join('\n')).toMatch(/ALERT_WEBHOOK_SECRET: must be at least 16/);
    }
    expect(() => loadConfig({ API_TOKENS: '[{"name":"a","role":"boss","sha256":"xyz"}]' })).toThrow(/API_TOKENS\[0.role\]/);
    expect(() => loadConfig({ API_TOKENS: 'not json' })).toThrow(/API_TOKENS: not valid JSON/);
    expect(() => loadConfig({ ENTRA_ISSUER: 'https://login.example/v2.0' })).toThrow(/set all three or none/);
  });
});

describe('token store', () => {
  const lookup = createTokenStore([{ name: 'alice', role: 'release-manager', sha256: sha256Hex('s3cret') }]);
  it('finds a token by its hash only', () => {
    expect(lookup('s3cret')).toEqual({ name: 'alice', roles: ['release-manager'], via: 'token' });
    expect(lookup('s3cret ')).toBeUndefined();
    expect(lookup(sha256Hex('s3cret'))).toBeUndefined();
  });
});

describe('role table', () => {
  const allowed: Record<Role, Action[]> = {
    viewer: ['read'],
    'release-manager': ['read', 'start', 'approve', 'reject', 'promote', 'pause', 'resume', 'rollback'],
    sre: ['read', 'pause', 'resume', 'rollback', 'abandonRollback'],
    admin: [...ACTIONS],
  };
  it.each(ROLES.flatMap((role) => ACTIONS.map((action) => [role, action] as const)))('%s × %s', (role, action) => {
    expect(mayAct([role], action)).toBe(allowed[role].includes(action));
  });
});

describe('Azure Monitor alerts', () => {
  const alert = (targets: string[]) => commonAlertSchema.parse({
    schemaId: 'azureMonitorCommonAlertSchema',
    data: { essentials: { alertRule: 'HighErrors', severity: 'Sev2', monitorCondition: 'Fired', alertTargetIDs: targets, description: 'too many 5xx' }, alertContext: {} },
  });
  it('finds online endpoints among the targets, deployments included, lower-cased and deduplicated', () => {
    const ids = alertedRolloutIds(alert([
      '/subscriptions/S/resourceGroups/RG/providers/Microsoft.MachineLearningServices/workspaces/WS/onlineEndpoints/Heart-EP',
      '/subscriptions/s/resourcegroups/rg/providers/microsoft.machinelearningservices/workspaces/ws/onlineendpoints/heart-ep/deployments/green',
      '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1',
    ]));
    expect(ids).toEqual(['rollout:s/rg/ws/heart-ep']);
  });
  it('says which alert fired and why', () => {
    expect(alertReason(alert([]))).toBe("Azure Monitor alert 'HighErrors' fired (Sev2): too many 5xx");
  });
});

describe('metrics summaries', () => {
  const status = (state: RolloutStatus['state'], verdicts: string[], rollbackActor?: string) => ({
    state, gates: verdicts.map((kind) => ({ verdict: { kind } })),
    events: rollbackActor ? [{ type: 'rollback.started', actor: rollbackActor }] : [],
  }) as unknown as RolloutStatus;
  it('counts rollouts by state, verdicts by kind and rollbacks by cause', () => {
    expect(summarizeStatuses([
      status('Succeeded', ['pass', 'continue', 'pass']),
      status('RolledBack', ['fail'], 'system'),
      status('RolledBack', [], 'alert:HighErrors'),
      status('RolledBack', [], 'alice'),
    ])).toEqual({
      byState: { Succeeded: 1, RolledBack: 3 },
      verdicts: { pass: 2, continue: 1, fail: 1 },
      rollbacksByCause: { gate: 1, alert: 1, manual: 1 },
    });
    expect(rollbackCause('system:timeout')).toBe('gate');
  });
});

describe('rollout ids in URLs', () => {
  const defaults = { subscriptionId: 'sub', resourceGroup: 'rg', workspace: 'ws' };
  it('takes a full id as is, and an endpoint name in the default workspace', () => {
    expect(resolveRolloutId('rollout:a/b/c/d', defaults)).toBe('rollout:a/b/c/d');
    expect(resolveRolloutId('heart-ep', defaults)).toBe('rollout:sub/rg/ws/heart-ep');
    expect(() => resolveRolloutId('heart-ep', {})).toThrow(/not found/);
    expect(() => resolveRolloutId('bad name!', defaults)).toThrow(/not found/);
  });
});
