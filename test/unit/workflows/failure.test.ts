import { ActivityFailure, ApplicationFailure, RetryState, TimeoutFailure } from '@temporalio/common';
import { describeFailure } from '../../../workflows/failure';

const activityFailure = (cause: Error): ActivityFailure =>
  new ActivityFailure('Activity task failed', 'setTraffic', '7', RetryState.NON_RETRYABLE_FAILURE, 'worker', cause);

describe('describeFailure', () => {
  it.each<[string, unknown, string]>([
    [
      'an activity failure leads with the code its ApplicationFailure carries',
      activityFailure(ApplicationFailure.create({ type: 'AzureRejected', message: 'traffic sum is 90' })),
      'AzureRejected: traffic sum is 90',
    ],
    [
      'an ApplicationFailure on its own',
      ApplicationFailure.create({ type: 'InvalidPlan', message: 'no baseline' }),
      'InvalidPlan: no baseline',
    ],
    ['a typed failure without a message', ApplicationFailure.create({ type: 'NotFound' }), 'NotFound: '],
    [
      'a chain two levels deep',
      new Error('outer', {
        cause: activityFailure(ApplicationFailure.create({ type: 'MetricsUnavailable', message: 'HTTP 503' })),
      }),
      'MetricsUnavailable: HTTP 503',
    ],
    [
      'an activity failure with an untyped cause keeps its own message',
      activityFailure(new TimeoutFailure('activity StartToClose timeout', undefined, 'START_TO_CLOSE')),
      'Activity task failed',
    ],
    ['a plain error', new Error('boom'), 'boom'],
    ['a thrown string', 'gave up', 'gave up'],
    ['undefined', undefined, 'undefined'],
  ])('describes %s', (_name, error, expected) => {
    expect(describeFailure(error)).toBe(expected);
  });

  it('stops on a cause chain that loops', () => {
    const looped: { message: string; cause?: unknown } = { message: 'loop' };
    looped.cause = looped;
    expect(describeFailure(looped)).toBe('[object Object]');
  });
});
