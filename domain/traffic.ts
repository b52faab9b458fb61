// Traffic maps compare as Azure sees them: a zero weight is the same as an absent one (Azure may echo either), and
// key order does not matter. Pure, so the traffic activity's read-back and the workflow's rollback share it.
import type { TrafficMap, TrafficState } from './endpoint';

export function sameTraffic(a: TrafficMap, b: TrafficMap): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((key) => (a[key] ?? 0) === (b[key] ?? 0));
}

export function sameTrafficState(a: TrafficState, b: TrafficState): boolean {
  return sameTraffic(a.traffic, b.traffic) && sameTraffic(a.mirrorTraffic, b.mirrorTraffic);
}
