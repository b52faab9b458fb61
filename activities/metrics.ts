// queryMetrics: Azure Monitor through the metrics port (MetricsClient.queryResources on the endpoint's ARM id).
// Request and error counts come from RequestsPerMinute split by deployment and statusCode; latency from RequestLatency_P50..P99 split
// by deployment. Any provider failure is MetricsUnavailable (retryable). The read is whole grains only, from the
// cursor to the last grain older than the ingestion lag (metric-samples.ts: readWindow); a trailing grain without
// candidate data is held back for a bounded wait, then taken as missing data, never as a pass.
import { activityHooks, throwIfCancelled } from './context';
import type { ApplicationFailure } from '@temporalio/activity';
import { failure, retryAfterMs } from './failures';
import {
  AZURE_METRICS,
  LATENCY_METRICS,
  bucketGrid,
  bucketsWithData,
  buildSamples,
  grainInterval,
  readWindow,
  settleGrains,
  type MetricPoint,
  type MetricsSettings,
} from './metric-samples';
import type { AzurePorts, MonitorMetric } from './ports';
import type { MetricsRead, QueryMetricsInput } from './types';

/** Azure Monitor returns only the top 10 split series unless told otherwise; a busy endpoint has more. */
const MAX_SERIES = 100;

interface MetricQuery {
  names: string[];
  aggregation: 'Total' | 'Average';
  filter: string;
}

const QUERIES: MetricQuery[] = [
  { names: ['RequestsPerMinute'], aggregation: 'Total', filter: "deployment eq '*' and statusCode eq '*'" },
  { names: [...LATENCY_METRICS], aggregation: 'Average', filter: "deployment eq '*'" },
];

/** The client reports `localizedValue || value` as the name; the id always ends with the REST name. */
function restNameOf(metric: MonitorMetric, asked: string[]): string {
  const byId = asked.find((n) => metric.id?.toLowerCase().endsWith(`/metrics/${n.toLowerCase()}`));
  const squash = (s: string) => s.replace(/[\s_]/g, '').toLowerCase();
  return byId ?? asked.find((n) => squash(n) === squash(metric.name ?? '')) ?? metric.name;
}

export function pointsOf(metrics: MonitorMetric[], asked: string[]): MetricPoint[] {
  return metrics.flatMap((metric) => {
    const name = restNameOf(metric, asked);
    return (metric.timeseries ?? []).flatMap((series) => {
      const dims = Object.fromEntries(
        (series.metadatavalues ?? []).map((m) => [String(m.name ?? '').toLowerCase(), m.value ?? '']),
      );
      return (series.data ?? []).map((d) => ({
        metric: name,
        at: new Date(d.timeStamp).getTime(),
        dims,
        total: d.total,
        average: d.average,
      }));
    });
  });
}

interface ReadSpan {
  start: number;
  end: number;
  interval: string;
}

async function runQuery(
  ports: AzurePorts,
  input: QueryMetricsInput,
  span: ReadSpan,
  q: MetricQuery,
): Promise<MetricPoint[]> {
  const metrics = await ports.metrics.query(input.target, q.names, {
    startTime: new Date(span.start),
    endTime: new Date(span.end),
    interval: span.interval,
    aggregation: q.aggregation,
    filter: q.filter,
    top: MAX_SERIES,
  });
  const failed = metrics.find((m) => m.errorCode && m.errorCode !== 'Success');
  if (failed) throw new Error(`metric ${failed.name} answered ${failed.errorCode}: ${failed.errorMessage ?? ''}`);
  return pointsOf(metrics, q.names);
}

export function metricsActivities(ports: AzurePorts, settings: MetricsSettings = AZURE_METRICS) {
  return {
    async queryMetrics(input: QueryMetricsInput): Promise<MetricsRead> {
      const [startMs, endMs] = [Date.parse(input.start), Date.parse(input.end)];
      if (!(endMs > startMs)) {
        throw failure('MetricsUnavailable', `queryMetrics: end (${input.end}) must be after start (${input.start})`, {
          nonRetryable: true,
        });
      }
      const lag = { grainMs: settings.grainMs, lagMs: Math.max(settings.lagMs, input.lagMs ?? 0) };
      const window = readWindow(startMs, endMs, lag);
      // At a bake's final gate: complete grains before its end that this read cannot take yet (lag, or held back).
      const dueEnd =
        input.dueBy === undefined ? 0 : Math.floor(Date.parse(input.dueBy) / settings.grainMs) * settings.grainMs;
      if (!window) return { samples: [], pending: dueEnd > Math.ceil(startMs / settings.grainMs) * settings.grainMs };
      const span = { ...window, interval: grainInterval(settings.grainMs) };
      const hooks = activityHooks();
      throwIfCancelled(hooks);
      // The queries run together, so a read waits for one metrics batch window (activities/azure/metrics-batcher.ts),
      // not one per query.
      const answers = await Promise.all(
        QUERIES.map(async (q) => {
          try {
            const got = await runQuery(ports, input, span, q);
            hooks.heartbeat({ op: 'queryMetrics', done: q.names });
            return got;
          } catch (err) {
            throw queryFailure(err, q.names);
          }
        }),
      );
      const points: MetricPoint[] = answers.flat();
      const grid = bucketGrid(span.start, span.end, settings.grainMs);
      const samples = buildSamples(grid, points, input, input.candidateShare);
      // The bounded wait for a grain without candidate data: one more lag after it became due.
      const settled = settleGrains(samples, bucketsWithData(grid, points, input.candidate), endMs - 2 * lag.lagMs);
      const readEnd = settled.length > 0 ? Date.parse(settled[settled.length - 1].end) : span.start;
      return { samples: settled, pending: dueEnd > readEnd };
    },
  };
}

/**
 * A failed query, retried by the activity's policy. The SDK has already retried a 429 or 503 (its throttling
 * policy waits the Retry-After); if Azure still refuses, the next attempt waits what Azure asked for, not the backoff.
 */
function queryFailure(err: unknown, names: string[]): ApplicationFailure {
  const message = err instanceof Error ? err.message : String(err);
  const rest = err as { statusCode?: number; response?: { headers: { get(name: string): string | undefined } } };
  const throttled = rest.statusCode === 429 || rest.statusCode === 503;
  return failure('MetricsUnavailable', `Azure Monitor query for ${names.join(',')} failed: ${message}`, {
    details: [{ statusCode: rest.statusCode, message }],
    cause: err instanceof Error ? err : undefined,
    nextRetryDelayMs: throttled ? retryAfterMs(rest.response?.headers) : undefined,
  });
}
