// The served-request log the data plane records into: per endpoint, ordered by arrival time, bounded in size.
// Metrics and getLogs read windows of it; it is not persisted.
import type { ServedRequest } from '../types';

const DEFAULT_MAX_PER_ENDPOINT = 500_000;

export class RequestLog {
  private readonly byEndpoint = new Map<string, ServedRequest[]>();

  constructor(private readonly maxPerEndpoint = DEFAULT_MAX_PER_ENDPOINT) {}

  record(request: ServedRequest): void {
    let list = this.byEndpoint.get(request.endpoint);
    if (!list) this.byEndpoint.set(request.endpoint, (list = []));
    // Requests are recorded when they finish, so a slow one can arrive after a later one: keep `at` order.
    let i = list.length;
    while (i > 0 && list[i - 1].at > request.at) i--;
    list.splice(i, 0, request);
    if (list.length > this.maxPerEndpoint) list.splice(0, list.length - this.maxPerEndpoint);
  }

  /** Requests of one endpoint with `from <= at < to`, in arrival order. */
  between(endpoint: string, from: number, to: number): ServedRequest[] {
    const list = this.byEndpoint.get(endpoint) ?? [];
    return list.slice(lowerBound(list, from), lowerBound(list, to));
  }

  /** The last `tail` requests served by one deployment. */
  tail(endpoint: string, deployment: string, tail: number): ServedRequest[] {
    const list = this.byEndpoint.get(endpoint) ?? [];
    const found: ServedRequest[] = [];
    for (let i = list.length - 1; i >= 0 && found.length < tail; i--) {
      if (list[i].deployment === deployment) found.push(list[i]);
    }
    return found.reverse();
  }

  forget(endpoint: string): void {
    this.byEndpoint.delete(endpoint);
  }
}

function lowerBound(list: ServedRequest[], at: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid].at < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
