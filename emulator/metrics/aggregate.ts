// Aggregations of one bucket's samples, as Azure Monitor reports them; a bucket without samples has none.
import type { Aggregation } from './catalog';

export interface DataPoint {
  timeStamp: string;
  average?: number;
  total?: number;
  count?: number;
  minimum?: number;
  maximum?: number;
}

export function aggregate(
  timeStamp: string,
  samples: readonly number[],
  aggregations: readonly Aggregation[],
): DataPoint {
  const point: DataPoint = { timeStamp };
  if (samples.length === 0) return point;
  const total = samples.reduce((sum, v) => sum + v, 0);
  const values: Record<Aggregation, number> = {
    total,
    count: samples.length,
    average: total / samples.length,
    minimum: Math.min(...samples),
    maximum: Math.max(...samples),
  };
  for (const a of aggregations) point[a] = values[a];
  return point;
}
