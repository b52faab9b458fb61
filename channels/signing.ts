// The generic webhook's signature: HMAC-SHA256 over `<timestamp>.<body>` with the channel's secret, sent as
// `X-Rollout-Signature: sha256=<hex>` beside `X-Rollout-Timestamp` (Unix seconds). A receiver recomputes it, compares
// in constant time and refuses old timestamps (replays).
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-rollout-signature';
export const TIMESTAMP_HEADER = 'x-rollout-timestamp';
/** The same for every retry of one event to one channel: receivers may drop repeats by it. */
export const DELIVERY_HEADER = 'x-rollout-delivery';
/** The trigger the message is about (receivers route by it without parsing the body). */
export const TRIGGER_HEADER = 'x-rollout-trigger';

export function sign(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** For receivers (and the tests): is `signature` right for this body and recent enough? */
export function verifySignature(
  secret: string,
  headers: { timestamp?: string; signature?: string },
  body: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean {
  const timestamp = Number(headers.timestamp);
  if (!Number.isInteger(timestamp) || Math.abs(nowSeconds - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(sign(secret, timestamp, body));
  const given = Buffer.from(headers.signature ?? '');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
