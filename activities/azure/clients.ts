// The one place that builds the Azure SDK clients from settings: ARM (endpoints, deployments, models), Azure
// Monitor metrics, and an HTTPS dispatcher for scoring calls. The emulator differs only by endpoints, CA and token.
import { AzureMachineLearningWorkspaces } from '@azure/arm-machinelearning';
import type { TokenCredential } from '@azure/core-auth';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import { DefaultAzureCredential } from '@azure/identity';
import { MetricsClient } from '@azure/monitor-query-metrics';
import { Agent, type Dispatcher } from 'undici';
import { deploymentPropertiesPolicy } from './deployment-properties-policy';
import { mirrorTrafficPolicy } from './mirror-traffic-policy';

export interface AzureSettings {
  subscriptionId: string;
  resourceGroup: string;
  workspace: string;
  /** Azure region; needed for the default metrics endpoint. */
  location?: string;
  /** Default https://management.azure.com */
  armEndpoint?: string;
  /** Default https://<location>.metrics.monitor.azure.com */
  metricsEndpoint?: string;
  /** PEM certificate to trust (the emulator's self-signed certificate). */
  caCert?: string;
  /** A fixed bearer token (the emulator); otherwise DefaultAzureCredential. */
  staticToken?: string;
  /** Poll interval of long-running operations (pollToCompletion's loop does not read Retry-After). Default 2000 ms. */
  lroPollIntervalMs?: number;
  /**
   * Poll interval of traffic changes, the path of every rollback: an SRE waits on it. Default 500 ms, never more than
   * `lroPollIntervalMs`. A traffic update is a few reads of one endpoint, far under ARM's read limits.
   */
  trafficPollIntervalMs?: number;
  /** Retries inside the SDK pipeline before an error reaches the activity. Default: the SDK's (3). */
  sdkMaxRetries?: number;
  /** Timeout of one scoring request. Default 20 s. */
  scoringTimeoutMs?: number;
  /** Validation inputs in flight at once (each goes to both deployments). Default 1. */
  scoringConcurrency?: number;
  /** How long a gate read waits for other rollouts' reads to share one metrics:getBatch call. Default 20 ms. */
  metricsBatchWindowMs?: number;
}

export interface AzureClients {
  arm: AzureMachineLearningWorkspaces;
  metrics: MetricsClient;
  /** Every HTTP attempt the metrics client made (SDK retries included), the 429s among them, resource ids asked. */
  metricsCalls(): MetricsCallCounts;
  /** undici dispatcher trusting `caCert`, for scoring requests. */
  scoringDispatcher: Dispatcher;
  settings: AzureSettings & {
    armEndpoint: string;
    metricsEndpoint: string;
    lroPollIntervalMs: number;
    trafficPollIntervalMs: number;
  };
  close(): Promise<void>;
}

export interface MetricsCallCounts {
  requests: number;
  throttled: number;
  resources: number;
}

/** Counts each attempt after the SDK's retry policy, so a 429 the SDK waits out and retries counts twice. */
function countingPolicy(counts: MetricsCallCounts): PipelinePolicy {
  return {
    name: 'count-metrics-calls',
    async sendRequest(request, next) {
      const response = await next(request);
      counts.requests += 1;
      if (response.status === 429) counts.throttled += 1;
      else if (typeof request.body === 'string') {
        counts.resources += (JSON.parse(request.body) as { resourceids?: unknown[] }).resourceids?.length ?? 0;
      }
      return response;
    },
  };
}

export function staticTokenCredential(token: string): TokenCredential {
  return { getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 3_600_000 }) };
}

function metricsEndpointOf(settings: AzureSettings): string {
  if (settings.metricsEndpoint) return settings.metricsEndpoint;
  if (!settings.location) {
    throw new Error(
      'AzureSettings: metricsEndpoint is required when location is not set (default https://<location>.metrics.monitor.azure.com)',
    );
  }
  return `https://${settings.location}.metrics.monitor.azure.com`;
}

export function createAzureClients(settings: AzureSettings): AzureClients {
  const armEndpoint = settings.armEndpoint ?? 'https://management.azure.com';
  const metricsEndpoint = metricsEndpointOf(settings);
  const credential = settings.staticToken ? staticTokenCredential(settings.staticToken) : new DefaultAzureCredential();
  const common = {
    ...(settings.caCert ? { tlsOptions: { ca: settings.caCert } } : {}),
    ...(settings.sdkMaxRetries !== undefined ? { retryOptions: { maxRetries: settings.sdkMaxRetries } } : {}),
  };
  // `endpoint`, not `$host`: SDK 2.1.1 ignores `$host` when building URLs.
  const arm = new AzureMachineLearningWorkspaces(credential, settings.subscriptionId, {
    ...common,
    endpoint: armEndpoint,
  });
  arm.pipeline.addPolicy(mirrorTrafficPolicy());
  arm.pipeline.addPolicy(deploymentPropertiesPolicy());
  const metrics = new MetricsClient(metricsEndpoint, credential, common);
  const lroPollIntervalMs = settings.lroPollIntervalMs ?? 2000;
  const trafficPollIntervalMs = Math.min(settings.trafficPollIntervalMs ?? 500, lroPollIntervalMs);
  const counts: MetricsCallCounts = { requests: 0, throttled: 0, resources: 0 };
  metrics.pipeline.addPolicy(countingPolicy(counts), { afterPhase: 'Retry' });
  const agent = new Agent({ connect: settings.caCert ? { ca: settings.caCert } : {} });
  return {
    arm,
    metrics,
    metricsCalls: () => ({ ...counts }),
    scoringDispatcher: agent,
    settings: { ...settings, armEndpoint, metricsEndpoint, lroPollIntervalMs, trafficPollIntervalMs },
    close: () => agent.close(),
  };
}
