// The /metrics gauges and the listing's visibility queries: counts by state, last verdict and rollback cause.
import { countRollouts, listingQuery } from '../../../api/rollout-listing';
import { rollbackCause } from '../../../domain/search-attributes';

describe('rollout counts from visibility', () => {
  it('asks one count per state, verdict kind and rollback cause, and maps each back', async () => {
    const asked: string[] = [];
    const counts = await countRollouts(async (query) => {
      asked.push(query);
      if (query.endsWith("RolloutState = 'Canary'")) return 3;
      if (query.endsWith("RolloutVerdict = 'fail'")) return 2;
      if (query.endsWith("RolloutRollbackCause = 'alert'")) return 1;
      return 0;
    });
    expect(asked).toHaveLength(14 + 4 + 3);
    expect(asked.every((q) => q.startsWith("WorkflowType = 'rolloutWorkflow' AND "))).toBe(true);
    expect(counts.byState.Canary).toBe(3);
    expect(counts.byState.Succeeded).toBe(0);
    expect(counts.verdicts).toEqual({ continue: 0, pass: 0, fail: 2, inconclusive: 0 });
    expect(counts.rollbacksByCause).toEqual({ alert: 1, gate: 0, manual: 0 });
  });

  it('filters lists by the attributes, quoting values', () => {
    expect(listingQuery({ state: 'Canary', endpoint: "it's" })).toBe(
      "WorkflowType = 'rolloutWorkflow' AND RolloutEndpoint = 'it\\'s' AND RolloutState = 'Canary'",
    );
    expect(listingQuery({ workflowId: 'rollout:a/b', paused: true })).toBe(
      "WorkflowType = 'rolloutWorkflow' AND WorkflowId = 'rollout:a/b' AND RolloutPaused = true",
    );
  });

  it('names the rollback cause by its actor', () => {
    expect(rollbackCause('system:timeout')).toBe('gate');
    expect(rollbackCause('alert:HighErrors')).toBe('alert');
    expect(rollbackCause('alice')).toBe('manual');
  });
});
