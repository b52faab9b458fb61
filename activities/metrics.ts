// queryMetrics: Azure Monitor through MetricsClient.queryResources on the endpoint's ARM id. Request and error
// counts come from RequestsPerMinute split by deployment and statusCode; latency from RequestLatency_P50..P99 split
// by deployment. Any provider failure is MetricsUnavailable (retryable); no data is zero counts, never a pass.
import type { IntervalSample } from '../domain/verdict';
import { activityHooks, throwIfCancelled } from './context';
import { failure } from './failures';
import { LATENCY_METRICS, bucketGrid, buildSamples, metricInterval, type MetricPoint } from './metric-samples';
import type { AzurePorts, MonitorMetric } from './ports';
import type { QueryMetricsInput } from './types';

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
      const dims = Object.fromEntries((series.metadatavalues ?? []).map((m) => [String(m.name ?? '').toLowerCase(), m.value ?? '']));
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

async function runQuery(ports: AzurePorts, input: QueryMetricsInput, q: MetricQuery): Promise<MetricPoint[]> {
  const [start, end] = [new Date(input.start), new Date(input.end)];
  const metrics = await ports.metrics.query(input.target, q.names, {
    startTime: start,
    endTime: end,
    interval: metricInterval(start.getTime(), end.getTime()),
    aggregation: q.aggregation,
    filter: q.filter,
    top: MAX_SERIES,
  });
  const failed = metrics.find((m) => m.errorCode && m.errorCode !== 'Success');
  if (failed) throw new Error(`metric ${failed.name} answered ${failed.errorCode}: ${failed.errorMessage ?? ''}`);
  return pointsOf(metrics, q.names);
}

export function metricsActivities(ports: AzurePorts) {
  return {
    async queryMetrics(input: QueryMetricsInput): Promise<IntervalSample[]> {
      const [startMs, endMs] = [Date.parse(input.start), Date.parse(input.end)];
      if (!(endMs > startMs)) {
        throw failure('MetricsUnavailable', `queryMetrics: end (${input.end}) must be after start (${input.start})`, { nonRetryable: true });
      }
      const hooks = activityHooks();
      const points: MetricPoint[] = [];
      for (const q of QUERIES) {
        throwIfCancelled(hooks);
        try {
          points.push(...(await runQuery(ports, input, q)));
        } catch (err) {
          const message = err instanceof Error ? err.message : String(err);
          throw failure('MetricsUnavailable', `Azure Monitor query for ${q.names.join(',')} failed: ${message}`, {
            details: [{ statusCode: (err as { statusCode?: number }).statusCode, message }],
            cause: err instanceof Error ? err : undefined,
          });
        }
        hooks.heartbeat({ op: 'queryMetrics', done: q.names });
      }
      return buildSamples(bucketGrid(startMs, endMs), points, input, input.candidateShare);
    },
  };
}
