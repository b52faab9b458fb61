import {
  matchesPattern,
  pauseCauseOf,
  planNotificationsSchema,
  triggersOf,
  TRIGGER_EVENTS,
} from '../../../domain/notifications';
import { planSchema } from '../../../domain/plan';

describe('triggersOf', () => {
  it.each([
    [{ type: 'approval.awaiting' }, ['approval.awaiting']],
    [{ type: 'paused', actor: 'sre:sam' }, ['paused']],
    [{ type: 'rollback.started', details: { verdict: { kind: 'fail' } } }, ['gate.failed', 'rolling.back']],
    [{ type: 'rollback.started', actor: 'sam' }, ['rolling.back']],
    [{ type: 'rollout.rolledback' }, ['rolled.back']],
    [{ type: 'rollout.succeeded' }, ['succeeded']],
    [{ type: 'rollout.failed' }, ['failed']],
    [{ type: 'rollback.stuck' }, ['rollback.stuck']],
    [{ type: 'window-hold' }, ['window.blocking']],
    [{ type: 'schedule.skipped' }, ['schedule.skipped']],
    [{ type: 'traffic.set' }, []],
    [{ type: 'notify.failed' }, []],
  ])('%j raises %j', (event, triggers) => {
    expect(triggersOf(event)).toEqual(triggers);
  });

  it('maps every trigger from one event kind', () => {
    expect(Object.keys(TRIGGER_EVENTS)).toHaveLength(10);
  });
});

describe('pauseCauseOf', () => {
  it.each([
    [{ type: 'paused', actor: 'system', details: { cause: 'inconclusive-gate' } }, 'inconclusive-gate'],
    [{ type: 'paused', actor: 'system', details: { cause: 'metrics-outage' } }, 'metrics-outage'],
    [{ type: 'paused', actor: 'system', details: { consecutive: 6 } }, 'metrics-outage'],
    [{ type: 'paused', actor: 'system', details: { rule: 'sequential' } }, 'inconclusive-gate'],
    [{ type: 'paused', actor: 'system:timeout' }, 'approval-timeout'],
    [{ type: 'paused', actor: 'sre:sam' }, 'operator'],
  ])('%j paused for %s', (event, cause) => {
    expect(pauseCauseOf(event)).toBe(cause);
  });
});

describe('plan notifications', () => {
  it('names channels and subscriptions by id, never a URL', () => {
    expect(planNotificationsSchema.safeParse({ channels: ['ops'], triggers: ['failed'] }).success).toBe(true);
    const base = { endpoint: 'heart', candidate: { model: 'azureml:heart:2' }, stages: [{ kind: 'deploy' }] };
    expect(planSchema.safeParse({ ...base, notifications: { webhookUrl: 'https://10.0.0.5/' } }).success).toBe(false);
    expect(planSchema.safeParse({ ...base, notifications: { channels: ['https://x'] } }).success).toBe(false);
  });

  it('matches endpoint patterns with * and ?', () => {
    expect(matchesPattern('heart-*', 'heart-ep')).toBe(true);
    expect(matchesPattern('heart-??', 'heart-ep')).toBe(true);
    expect(matchesPattern('heart', 'heart-ep')).toBe(false);
    expect(matchesPattern('*', 'anything')).toBe(true);
  });
});
