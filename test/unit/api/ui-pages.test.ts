// The dashboard pages' pure parts: the sign-in choices, gate charts from the judges' evidence, the actions a state
// forbids.
import type { RolloutStatus } from '../../../domain/status';
import type { Principal } from '../../../api/auth';
import { actionBlocked, loginPage, rolloutLive, schedulesPage } from '../../../api/ui/pages';

const status = (over: Partial<RolloutStatus> = {}): RolloutStatus => ({
  rolloutId: 'rollout:s/rg/ws/ep',
  target: { subscriptionId: 's', resourceGroup: 'rg', workspace: 'ws', endpoint: 'ep' },
  state: 'Canary',
  paused: false,
  stageIndex: 1,
  stage: 'canary',
  baseline: 'blue',
  candidate: 'green',
  model: 'm:2',
  traffic: { blue: 80, green: 20 },
  mirrorTraffic: {},
  gates: [],
  events: [],
  startedAt: 't',
  updatedAt: 't',
  ...over,
});
const viewer: Principal = { name: 'v', roles: ['viewer'], via: 'token' };
const rm: Principal = { name: 'r', roles: ['release-manager'], via: 'token' };

const read = (n: number, extra: Record<string, unknown> = {}) => ({
  stageIndex: 1,
  stage: 'canary' as const,
  at: `2026-01-01T00:00:0${n}Z`,
  verdict: {
    kind: 'continue' as const,
    rule: 'continue',
    reasons: [],
    evidence: {
      candidate: { requests: 100 * n, errors: 2 * n },
      baseline: { requests: 400 * n, errors: n },
      errors: { eValue: 2 ** n },
      latency: { eValue: 1.5 },
      ...extra,
    },
  },
});

describe('the rollout page', () => {
  it("charts a sequential gate's error rates and e-values against 1/α, with the verdict in words", () => {
    const final = read(3, { slo: { maxErrorRate: 0.05 }, errors: { eValue: 40, harmThreshold: 20 } });
    const failing = {
      ...final,
      verdict: { ...final.verdict, kind: 'fail' as const, rule: 'harm.errors', reasons: ['the candidate errs more'] },
    };
    const text = rolloutLive(status({ gates: [read(1), read(2), failing] }), viewer, undefined, undefined).text;
    expect(text).toContain('data-verdict="fail"');
    expect(text).toContain('failed (harm.errors): the candidate errs more');
    expect(text).toContain('data-testid="chart-errors"');
    expect(text).toContain('SLO 0.05');
    expect(text).toContain('data-testid="chart-evidence"');
    expect(text).toContain('1/α = 20');
    expect(text).not.toContain('data-action'); // a viewer: no buttons
  });

  it('shows the reads a long bake folded: counts and the decisive verdict, and a stage folded whole', () => {
    const summary = (kind: 'pass' | 'continue', at: string) => ({ at, kind, rule: 'slo', reasons: ['fine'] });
    const fold = (stageIndex: number, stage: 'validate' | 'canary') => ({
      stageIndex,
      stage,
      gates: 30,
      counts: { continue: 29, pass: 1, fail: 0, inconclusive: 0 },
      first: summary('continue', '2026-01-01T00:00:00Z'),
      last: summary('pass', '2026-01-01T00:01:00Z'),
      decisive: summary('pass', '2026-01-01T00:01:00Z'),
    });
    const folded = { gates: 60, events: 0, eventTypes: {}, stages: [fold(0, 'validate'), fold(1, 'canary')] };
    const text = rolloutLive(status({ gates: [read(1)], folded }), viewer, undefined, undefined).text;
    expect(text).toContain('data-stage-index="0"');
    expect(text).toContain('passed (slo): fine');
    expect(text).toContain('and 30 folded: 29 continue, 1 pass; decisive pass (slo)');
    expect(text.indexOf('data-stage-index="0"')).toBeLessThan(text.indexOf('data-stage-index="1"'));
  });

  it('shows the actions a role allows, disabled with the reason the state gives', () => {
    const text = rolloutLive(status(), rm, undefined, undefined).text;
    expect(text).toMatch(/data-action="approve"[^>]*disabled title="no approval gate is waiting"/s);
    expect(text).toMatch(/data-action="promote"(?![^>]*disabled)/s);
    expect(actionBlocked('resume', status())).toBe('the rollout is not paused');
    expect(actionBlocked('pause', status({ paused: true }))).toBe('the rollout is already paused');
    expect(actionBlocked('rollback', status({ state: 'RolledBack' }))).toBe('the rollout has ended (RolledBack)');
    expect(
      actionBlocked(
        'approve',
        status({ state: 'AwaitingApproval', awaiting: { gate: 'g', since: 't', timeoutAt: 't', approvers: [] } }),
      ),
    ).toBeUndefined();
  });

  it('escapes what the rollout carries', () => {
    const events = [{ at: 't', type: 'paused', actor: '<img src=x onerror=alert(1)>', reason: '"quoted" & <b>' }];
    const text = rolloutLive(status({ events }), viewer, undefined, undefined).text;
    expect(text).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(text).toContain('&quot;quoted&quot; &amp; &lt;b&gt;');
    expect(text).not.toContain('<img');
  });
});

describe('the sign-in page', () => {
  it('offers "Sign in with Microsoft" only where Entra ID sign-in is configured, beside the token form', () => {
    expect(loginPage().text).not.toContain('Sign in with Microsoft');
    const both = loginPage('try again', true).text;
    expect(both).toContain(
      '<a class="button" href="/ui/auth/entra" data-testid="entra-sign-in">Sign in with Microsoft</a>',
    );
    expect(both).toContain('name="token"');
    expect(both).toContain('role="alert">try again</p>');
  });
});

describe('the schedules page', () => {
  it('says what each recent firing did: the rollout it started, or why it skipped', () => {
    const row = {
      id: 'nightly',
      every: '6h',
      paused: false,
      nextActionTimes: [],
      recentActions: [
        { takenAt: '2026-01-01T00:00:00Z', workflowId: 'w1', outcome: { started: true, rolloutId: 'rollout:x' } },
        {
          takenAt: '2026-01-01T06:00:00Z',
          workflowId: 'w2',
          outcome: { started: false, rolloutId: 'rollout:x', reason: 'azureml:m:3 is already live on blue' },
        },
        { takenAt: '2026-01-01T12:00:00Z', workflowId: 'w3', status: 'RUNNING' },
      ],
    };
    const text = schedulesPage([row]).text;
    expect(text).toContain('started rollout:x');
    expect(text).toContain('skipped: azureml:m:3 is already live on blue');
    expect(text).toContain('running');
  });
});
