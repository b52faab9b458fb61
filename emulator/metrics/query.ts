// Runs one metrics query for one resource: validates names, aggregations, filter and window, then computes series.
import type { DataPlaneContext } from '../data-plane-context';
import { AGGREGATIONS, CATALOG, NAMESPACES, findMetric, type Aggregation, type MetricDefinition } from './catalog';
import { badRequest } from './errors';
import { filterDimensions, parseFilter, type FilterExpr } from './filter';
import type { MetricsResource } from './resource';
import { computeSeries, type TimeSeries } from './series';
import { AZURE_METRICS_CLOCK, visibleAt, type MetricsClock } from './ingestion';
import { buckets, parseInterval, wholeGrains, type Window } from './timespan';

/** The query parameters both APIs share, already read from their own wire names. */
export interface MetricsParams {
  window: Window;
  metricnames: string[];
  interval?: string;
  aggregation?: string;
  filter?: string;
  top?: string;
  orderby?: string;
  metricnamespace?: string;
  /** Comma-separated dimensions to filter on without splitting by them. */
  rollupby?: string;
}

export interface MetricResult {
  id: string;
  type: 'Microsoft.Insights/metrics';
  name: { value: string; localizedValue: string };
  displayDescription: string;
  unit: string;
  errorCode: 'Success';
  timeseries: TimeSeries[];
}

export function queryResource(ctx: DataPlaneContext, resource: MetricsResource, p: MetricsParams): MetricResult[] {
  checkNamespace(resource, p.metricnamespace);
  const metrics = p.metricnames.map((n) => metricOrFail(resource, n));
  const aggregations = parseAggregations(p.aggregation);
  const filter = p.filter === undefined || p.filter.trim() === '' ? undefined : parseFilter(p.filter);
  const clock = metricsClockOf(ctx);
  const bucketList = buckets(p.window, parseInterval(p.interval, clock.grainMs), clock.grainMs);
  const { delayMs } = ctx.metricsFaults();
  const now = ctx.now();
  const whole = wholeGrains(p.window, clock.grainMs);
  const all = whole.end > whole.start ? ctx.requests(resource.endpoint, whole.start, whole.end) : [];
  const counted = clock.mirrored === 'excluded' ? all.filter((r) => !r.mirrored) : all;
  const visible = counted.filter((r) => visibleAt(r, clock, delayMs) <= now);
  const records = resource.deployment ? visible.filter((r) => r.deployment === resource.deployment?.name) : visible;
  const top = parseTop(p.top);
  const orderBy = parseOrderBy(p.orderby, aggregations[0]);
  return metrics.map((metric) => {
    if (filter) checkDimensions(metric, filter);
    const timeseries = computeSeries({
      metric,
      records,
      buckets: bucketList,
      aggregations,
      filter,
      top,
      orderBy,
      clock,
      now,
      extraDelayMs: delayMs,
      capacity: resource.deployment?.instanceCount,
      rollUp: p.rollupby ? p.rollupby.split(',').map((d) => d.trim().toLowerCase()) : undefined,
    });
    return {
      id: `${resource.id}/providers/Microsoft.Insights/metrics/${metric.name}`,
      type: 'Microsoft.Insights/metrics',
      name: { value: metric.name, localizedValue: metric.localizedName },
      displayDescription: metric.description,
      unit: metric.unit,
      errorCode: 'Success',
      timeseries,
    };
  });
}

export function metricsClockOf(ctx: DataPlaneContext): MetricsClock {
  return ctx.metricsClock?.() ?? AZURE_METRICS_CLOCK;
}

function metricOrFail(resource: MetricsResource, name: string): MetricDefinition {
  const metric = findMetric(resource.scope, name.trim());
  if (metric) return metric;
  const type = resource.scope === 'endpoint' ? 'workspaces/onlineendpoints' : 'workspaces/onlineendpoints/deployments';
  throw badRequest(
    `Failed to find metric configuration for provider: microsoft.machinelearningservices, resource Type: ${type}, ` +
      `metric: ${name}, Valid metrics: ${CATALOG[resource.scope].map((m) => m.name).join(',')}`,
  );
}

function checkNamespace(resource: MetricsResource, namespace: string | undefined): void {
  if (namespace === undefined || namespace.toLowerCase() === NAMESPACES[resource.scope].toLowerCase()) return;
  throw badRequest(
    `Metric namespace '${namespace}' is not valid for resource '${resource.id}'; expected '${NAMESPACES[resource.scope]}'.`,
  );
}

function checkDimensions(metric: MetricDefinition, filter: FilterExpr): void {
  const unknown = filterDimensions(filter).filter((d) => !metric.dimensions.includes(d));
  if (unknown.length === 0) return;
  throw badRequest(
    `Metric: ${metric.name} does not support requested dimension combination: ${unknown.join(',')}, ` +
      `supported ones are: ${metric.dimensions.join(',') || '(none)'}`,
  );
}

export function parseAggregations(text: string | undefined): Aggregation[] {
  if (text === undefined || text.trim() === '') return ['average'];
  return text.split(',').map((raw) => {
    const a = raw.trim().toLowerCase();
    if (!(AGGREGATIONS as readonly string[]).includes(a)) {
      throw badRequest(`Invalid aggregation '${raw.trim()}': expected one of Average, Total, Count, Minimum, Maximum.`);
    }
    return a as Aggregation;
  });
}

function parseTop(text: string | undefined): number {
  if (text === undefined || text === '') return 10;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw badRequest(`Invalid top '${text}': expected a positive integer.`);
  return n;
}

function parseOrderBy(
  text: string | undefined,
  fallback: Aggregation,
): { aggregation: Aggregation; descending: boolean } {
  if (text === undefined || text.trim() === '') return { aggregation: fallback, descending: true };
  const [name, direction = 'desc', ...rest] = text.trim().split(/\s+/);
  const aggregation = (name.toLowerCase() === 'sum' ? 'total' : name.toLowerCase()) as Aggregation;
  if (!AGGREGATIONS.includes(aggregation) || !/^(asc|desc)$/i.test(direction) || rest.length > 0) {
    throw badRequest(`Invalid orderby '${text}': expected '<aggregation> asc|desc'.`);
  }
  return { aggregation, descending: direction.toLowerCase() === 'desc' };
}
