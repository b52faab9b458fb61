// Azure Monitor's throttling of metric queries, as an option: a token bucket per subscription and API that answers
// 429 with Retry-After when empty (README.md, "Metrics throttling", has the documented limits and their sources).
import { MetricsError } from './errors';

export interface ThrottleLimits {
  /** Requests a subscription may send at once before it is throttled. */
  bucket: number;
  /** Tokens returned per second. */
  refillPerSecond: number;
}

/** ARM's documented subscription read bucket (250, refilled at 25/s): the stricter of the two metrics APIs' limits. */
export const AZURE_READ_LIMITS: ThrottleLimits = { bucket: 250, refillPerSecond: 25 };

export class ThrottledError extends MetricsError {
  constructor(
    readonly retryAfterSeconds: number,
    subscription: string,
  ) {
    super(
      429,
      'TooManyRequests',
      `Number of metric queries for subscription '${subscription}' exceeded the limit. Please try again after ` +
        `'${retryAfterSeconds}' seconds.`,
    );
  }
}

export interface MetricsThrottle {
  /** Takes one token for `subscription` on `api`, or throws ThrottledError. */
  take(api: string, subscription: string): void;
  /** Requests answered 429 so far. */
  throttled(): number;
}

export function metricsThrottle(limits: ThrottleLimits, now: () => number = Date.now): MetricsThrottle {
  const buckets = new Map<string, { tokens: number; at: number }>();
  let refused = 0;
  return {
    take(api, subscription) {
      const key = `${api}:${subscription.toLowerCase()}`;
      const t = now();
      const b = buckets.get(key) ?? { tokens: limits.bucket, at: t };
      b.tokens = Math.min(limits.bucket, b.tokens + ((t - b.at) / 1000) * limits.refillPerSecond);
      b.at = t;
      buckets.set(key, b);
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return;
      }
      refused += 1;
      throw new ThrottledError(Math.max(1, Math.ceil((1 - b.tokens) / limits.refillPerSecond)), subscription);
    },
    throttled: () => refused,
  };
}

/** `on` (Azure's limits), `off`, or `BUCKET/REFILL_PER_SECOND` such as `5/1`. */
export function parseThrottle(text: string): ThrottleLimits | undefined {
  if (text === 'off' || text === '') return undefined;
  if (text === 'on') return AZURE_READ_LIMITS;
  const m = /^(\d+)\/(\d+(?:\.\d+)?)$/.exec(text);
  if (!m || Number(m[1]) < 1 || Number(m[2]) <= 0) {
    throw new Error(`metrics throttle: must be 'on', 'off' or BUCKET/REFILL_PER_SECOND like '5/1', got '${text}'`);
  }
  return { bucket: Number(m[1]), refillPerSecond: Number(m[2]) };
}
