// Latency percentiles of validation scoring, and the request bodies a validate stage sends: the plan's own (there
// is no default input: a body in one model's format is refused by every other model).
import type { CompareDeploymentsInput } from './types';
import { failure } from './failures';

/** The i-th request's body: the plan's bodies in turn. */
export function requestBodyFor(input: CompareDeploymentsInput, i: number): unknown {
  const bodies = input.requestBodies ?? (input.request !== undefined ? [input.request] : []);
  if (bodies.length === 0) {
    throw failure('InvalidPlan', 'the validate stage has no request bodies to send', { nonRetryable: true });
  }
  return bodies[i % bodies.length];
}

/** Nearest-rank percentile of a sample; undefined when empty. */
export function percentile(values: number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}
