// Activity stubs, one proxyActivities per timeout profile. The codes domain/errors.ts calls retryable are retried
// with backoff; every other error code is final. Changes to Azure wait for their cancellation to complete, so a
// rollback never races an in-flight traffic change or deployment.
import {
  ActivityCancellationType,
  proxyActivities,
  type ActivityOptions,
  type RetryPolicy,
} from '@temporalio/workflow';
import type { Duration } from '@temporalio/common';
import type { Activities } from '../activities/types';
import { NON_RETRYABLE_CODES } from '../domain/errors';

const retry = (initial: Duration, maximum: Duration, attempts: number): RetryPolicy => ({
  initialInterval: initial,
  backoffCoefficient: 2,
  maximumInterval: maximum,
  maximumAttempts: attempts,
  nonRetryableErrorTypes: [...NON_RETRYABLE_CODES],
});

export const PROFILES = {
  /** Reads of the control plane. */
  read: { startToCloseTimeout: '30s', retry: retry('500ms', '10s', 6) },
  /** Long-running deployment operations; the activity polls Azure's operation and heartbeats each poll. */
  deploy: {
    startToCloseTimeout: '20m',
    heartbeatTimeout: '30s',
    retry: retry('1s', '30s', 6),
    cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  },
  /** Endpoint PUTs that move traffic, read back by the activity. */
  traffic: {
    startToCloseTimeout: '2m',
    retry: retry('500ms', '10s', 8),
    cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  },
  /** The rollback's restore: few retries per attempt, since rollback.ts retries attempts until Azure confirms. */
  restore: {
    startToCloseTimeout: '2m',
    retry: retry('500ms', '5s', 3),
    cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  },
  /** Validation requests sent straight to both deployments. */
  scoring: { startToCloseTimeout: '5m', heartbeatTimeout: '30s', retry: retry('1s', '10s', 3) },
  /** One gate read: retried briefly here; the workflow counts what still fails (analysis.maxProviderErrors). */
  metrics: { startToCloseTimeout: '20s', retry: retry('500ms', '2s', 2) },
  notify: { startToCloseTimeout: '15s', retry: retry('1s', '5s', 3) },
  /**
   * One event to its channels: a few tries per channel inside (5 s each), so an attempt outlives none of them; Temporal
   * retries only a failing store, and the activity skips channels it already sent to.
   */
  deliver: { startToCloseTimeout: '60s', retry: retry('1s', '10s', 3) },
} as const satisfies Record<string, ActivityOptions>;

export interface Acts {
  read: Pick<Activities, 'checkPlan' | 'getEndpoint' | 'getTraffic' | 'checkWindow'>;
  deploy: Pick<
    Activities,
    'createDeployment' | 'scaleDeployment' | 'deleteDeployment' | 'createEndpoint' | 'deleteEndpoint'
  >;
  traffic: Pick<Activities, 'setTraffic'>;
  restore: Pick<Activities, 'setTraffic'>;
  scoring: Pick<Activities, 'compareDeployments'>;
  metrics: Pick<Activities, 'queryMetrics'>;
  notify: Pick<Activities, 'notify' | 'deliverNotification'>;
}

export function createActs(): Acts {
  // Proxies create their functions on access (spreading one copies nothing): each stub picked by name.
  const { notify } = proxyActivities<Activities>(PROFILES.notify);
  const { deliverNotification } = proxyActivities<Activities>(PROFILES.deliver);
  return {
    read: proxyActivities<Activities>(PROFILES.read),
    deploy: proxyActivities<Activities>(PROFILES.deploy),
    traffic: proxyActivities<Activities>(PROFILES.traffic),
    restore: proxyActivities<Activities>(PROFILES.restore),
    scoring: proxyActivities<Activities>(PROFILES.scoring),
    metrics: proxyActivities<Activities>(PROFILES.metrics),
    notify: { notify, deliverNotification },
  };
}
