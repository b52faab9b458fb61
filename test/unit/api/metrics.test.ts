// The /metrics summaries of rollout statuses.
import { rollbackCause, summarizeStatuses } from '../../../api/metrics';
import type { RolloutStatus } from '../../../domain/status';

describe('metrics summaries', () => {
  const status = (state: RolloutStatus['state'], verdicts: string[], rollbackActor?: string) =>
    ({
      state,
      gates: verdicts.map((kind) => ({ verdict: { kind } })),
      events: rollbackActor ? [{ type: 'rollback.started', actor: rollbackActor }] : [],
    }) as unknown as RolloutStatus;
  it('counts rollouts by state, verdicts by kind and rollbacks by cause', () => {
    expect(
      summarizeStatuses([
        status('Succeeded', ['pass', 'continue', 'pass']),
        status('RolledBack', ['fail'], 'system'),
        status('RolledBack', [], 'alert:HighErrors'),
        status('RolledBack', [], 'alice'),
      ]),
    ).toEqual({
      byState: { Succeeded: 1, RolledBack: 3 },
      verdicts: { pass: 2, continue: 1, fail: 1 },
      rollbacksByCause: { gate: 1, alert: 1, manual: 1 },
    });
    expect(rollbackCause('system:timeout')).toBe('gate');
  });
});
