import { apiError } from '../../../cli/client';
import { errorLines } from '../../../cli/errors';
import { plannedTraffic, renderStatus, type StatusView } from '../../../cli/view';

const stages = [
  { kind: 'deploy' },
  { kind: 'mirror', percent: 20 },
  { kind: 'canary', weight: 20 },
  { kind: 'approval', name: 'go-to-half' },
  { kind: 'canary', weight: 50 },
  { kind: 'promote' },
  { kind: 'cleanup' },
];

const status: StatusView = {
  rolloutId: 'rollout:s/rg/ws/heart-ep',
  target: { subscriptionId: 's', resourceGroup: 'rg', workspace: 'ws', endpoint: 'heart-ep' },
  state: 'AwaitingApproval',
  paused: false,
  stageIndex: 3,
  stage: 'approval',
  awaiting: { gate: 'go-to-half', since: '2026-01-01T00:00:00Z', timeoutAt: '2026-01-01T00:10:00Z', approvers: [] },
  baseline: 'blue',
  candidate: 'green',
  model: 'azureml:heart-classifier:2',
  traffic: { blue: 80, green: 20 },
  mirrorTraffic: {},
  gates: [
    {
      stageIndex: 2,
      stage: 'canary',
      at: '2026-01-01T00:00:00Z',
      verdict: { kind: 'pass', rule: 'sequential', reasons: ['evidence 0.4 below 1/α = 20'], evidence: {} },
    },
  ],
  startedAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
};

describe('plannedTraffic', () => {
  it('follows the workflow split: baseline keeps the rest, mirror only while mirroring, an approval holds the weight', () => {
    expect(plannedTraffic(stages, 'blue', 'green')).toEqual([
      { traffic: { blue: 100 }, mirrorTraffic: {} },
      { traffic: { blue: 100 }, mirrorTraffic: { green: 20 } },
      { traffic: { blue: 80, green: 20 }, mirrorTraffic: {} },
      { traffic: { blue: 80, green: 20 }, mirrorTraffic: {} },
      { traffic: { blue: 50, green: 50 }, mirrorTraffic: {} },
      { traffic: { blue: 0, green: 100 }, mirrorTraffic: {} },
      { traffic: { blue: 0, green: 100 }, mirrorTraffic: {} },
    ]);
  });

  it('keeps a third deployment at its live share: the candidate takes from the baseline only', () => {
    const live = { blue: 70, green: 20, third: 10 };
    expect(plannedTraffic(stages, 'blue', 'green', live).slice(2, 6)).toEqual([
      { traffic: { blue: 70, green: 20, third: 10 }, mirrorTraffic: {} },
      { traffic: { blue: 70, green: 20, third: 10 }, mirrorTraffic: {} },
      { traffic: { blue: 40, green: 50, third: 10 }, mirrorTraffic: {} },
      { traffic: { blue: 0, green: 90, third: 10 }, mirrorTraffic: {} },
    ]);
  });
});

describe('renderStatus', () => {
  it('marks the current stage, shows set against read-back traffic and the latest verdict with its reason', () => {
    const text = renderStatus(status, { stages });
    expect(text).toContain('  >  4 approval go-to-half   <- current');
    expect(text).toContain('  *  3 canary\n');
    expect(text).toContain('  7 cleanup');
    expect(text).toContain('traffic   read back blue 80%, green 20%   set blue 80%, green 20%');
    expect(text).toContain('awaiting  approval at gate go-to-half');
    expect(text).toMatch(/^3 +canary +pass +sequential +evidence 0\.4 below 1\/α = 20$/m);
  });

  it('without the plan, lists the stages it knows of and leaves out the traffic set', () => {
    const text = renderStatus(status);
    expect(text).toContain('  *  3 canary');
    expect(text).toContain('  >  4 approval   <- current');
    expect(text).not.toContain('  5 ');
    expect(text).not.toContain(' set ');
  });

  it('marks the stage where a rollout ended other than succeeding, with the outcome', () => {
    const ended = {
      ...status,
      state: 'RolledBack' as const,
      awaiting: undefined,
      outcome: { result: 'RolledBack' as const, reason: 'rejected', at: '' },
    };
    const text = renderStatus(ended, { stages });
    expect(text).not.toContain('current');
    expect(text).toContain('  *  3 canary');
    expect(text).toContain('  x  4 approval go-to-half');
    expect(text).toContain('     5 canary');
    expect(text).toContain('outcome   RolledBack: rejected');
  });

  it('marks every stage done when the rollout succeeded (its index then past the last stage)', () => {
    const gates = stages.slice(0, 7).map((s, i) => ({ ...status.gates[0], stageIndex: i, stage: s.kind as 'canary' }));
    const ended = { ...status, state: 'Succeeded' as const, stageIndex: 7, stage: 'cleanup' as const, gates };
    ended.outcome = { result: 'Succeeded', reason: 'every stage passed', at: '' };
    for (const text of [renderStatus(ended, { stages }), renderStatus(ended)]) {
      expect(text).toMatch(/^state {5}Succeeded$/m);
      expect(text).toContain('  *  7 cleanup');
      expect(text).not.toContain('  8 ');
      expect(text).not.toMatch(/^ {2}[ >x] /m);
    }
  });
});

describe('an API error', () => {
  it('is one line with code, status and message, then one line per detail', () => {
    const body = {
      error: {
        code: 'InvalidPlan',
        message: 'the plan does not fit',
        details: [{ path: 'candidate.model', message: 'no such version' }, { message: 'other' }],
      },
    };
    const error = apiError(400, body);
    expect(error.exitCode).toBe(6);
    expect(errorLines(error)).toEqual([
      'error: InvalidPlan (400): the plan does not fit',
      '  - candidate.model: no such version',
      '  - other',
    ]);
  });

  it('without the JSON error shape, uses the first line of the body', () => {
    expect(errorLines(apiError(502, undefined, 'Bad Gateway\nmore'))).toEqual(['error: HTTP (502): Bad Gateway']);
  });
});
