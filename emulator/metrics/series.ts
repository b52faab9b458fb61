// One metric's timeseries: requests split by the filter's dimensions, bucketed, sampled and aggregated.
import type { ServedRequest } from '../types';
import { aggregate, type DataPoint } from './aggregate';
import { dimensionValue, type Aggregation, type MetricDefinition } from './catalog';
import { filterDimensions, matchesFilter, namedValues, type FilterExpr } from './filter';
import type { MetricsClock } from './ingestion';
import { bucketSamples } from './samples';
import type { Bucket } from './timespan';

export interface MetadataValue {
  name: { value: string; localizedValue: string };
  value: string;
}

export interface TimeSeries {
  metadatavalues: MetadataValue[];
  data: DataPoint[];
}

export interface SeriesQuery {
  metric: MetricDefinition;
  /** Visible requests of the resource within the window, in arrival order. */
  records: ServedRequest[];
  buckets: Bucket[];
  aggregations: Aggregation[];
  filter?: FilterExpr;
  /** Most split series returned (Azure's default is 10). */
  top: number;
  orderBy: { aggregation: Aggregation; descending: boolean };
  capacity?: number;
  clock: MetricsClock;
  now: number;
  /** The admin fault's added ingestion delay. */
  extraDelayMs: number;
  /** Lower-cased dimensions filtered on but not split by (Azure's rollupby). */
  rollUp?: string[];
}

export function computeSeries(q: SeriesQuery): TimeSeries[] {
  const named = q.filter ? filterDimensions(q.filter) : [];
  const dims = named.filter((d) => !(q.rollUp ?? []).includes(d));
  const groups = groupRecords(q, named, dims);
  const series = [...groups.values()].map(({ values, records }) => ({
    metadatavalues: dims.map((d) => ({ name: { value: d, localizedValue: d }, value: values[d] })),
    data: bucketData(q, records),
  }));
  if (dims.length === 0) return series;
  return rank(series, q.orderBy).slice(0, q.top);
}

type Group = { values: Record<string, string>; records: ServedRequest[] };

/** `named`: every dimension in the filter (to match on); `dims`: the ones series are split by. */
function groupRecords(q: SeriesQuery, named: string[], dims: string[]): Map<string, Group> {
  const groups = new Map<string, Group>();
  const add = (all: Record<string, string>): Group => {
    const values = Object.fromEntries(dims.map((d) => [d, all[d]]));
    const key = JSON.stringify(dims.map((d) => values[d].toLowerCase()));
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { values, records: [] }));
    return g;
  };
  // Values named with eq get a series even without data, so "no requests" reads as empty points, not a missing series.
  const eqValues = q.filter ? namedValues(q.filter) : undefined;
  if (q.filter && eqValues) {
    for (const combo of cartesian(named, eqValues)) if (matchesFilter(q.filter, combo)) add(combo);
  }
  if (dims.length === 0) add({});
  for (const r of q.records) {
    const values = Object.fromEntries(named.map((d) => [d, dimensionValue(d, r)]));
    if (q.filter && !matchesFilter(q.filter, values)) continue;
    add(values).records.push(r);
  }
  return groups;
}

function bucketData(q: SeriesQuery, records: ServedRequest[]): DataPoint[] {
  return q.buckets.map((b) => {
    const inBucket = records.filter((r) => r.at >= b.start && r.at < b.end);
    const samples = bucketSamples(q.metric.sample, b, {
      records: inBucket,
      capacity: q.capacity,
      clock: q.clock,
      now: q.now,
      extraDelayMs: q.extraDelayMs,
    });
    return aggregate(new Date(b.start).toISOString(), samples, q.aggregations);
  });
}

function rank(series: TimeSeries[], orderBy: SeriesQuery['orderBy']): TimeSeries[] {
  const score = (s: TimeSeries): number => s.data.reduce((sum, p) => sum + (p[orderBy.aggregation] ?? 0), 0);
  const key = (s: TimeSeries): string => s.metadatavalues.map((m) => m.value).join('\u0000');
  return [...series].sort((a, b) => {
    const diff = orderBy.descending ? score(b) - score(a) : score(a) - score(b);
    return diff !== 0 ? diff : key(a).localeCompare(key(b));
  });
}

function cartesian(dims: string[], named: Record<string, string[]>): Record<string, string>[] {
  let combos: Record<string, string>[] = [{}];
  for (const d of dims) combos = combos.flatMap((c) => (named[d] ?? []).map((v) => ({ ...c, [d]: v })));
  return combos;
}
