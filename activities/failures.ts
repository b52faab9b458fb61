// Azure errors (RestError, a failed long-running operation, a network error) → ApplicationFailure typed with our
// ErrorCode, retryable as domain/errors.ts says, so the workflow's retry policy and rollback logic can branch on
// `cause.type`.
import { ApplicationFailure, CancelledFailure } from '@temporalio/activity';
import { isRetryable, type ErrorCode } from '../domain/errors';

const LRO_FAILED = /^The long-running operation has failed(?:\. ([^.]+)\. ([\s\S]*))?$/;
const NETWORK_CODES = new Set([
  'REQUEST_SEND_ERROR',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

interface RestLike {
  name?: string;
  message: string;
  statusCode?: number;
  code?: string;
  response?: { headers: { get(name: string): string | undefined } };
}

/** `nonRetryable` defaults to the code's entry in domain/errors.ts; set it only for a decision made per call. */
export function failure(
  type: ErrorCode,
  message: string,
  opts: { nonRetryable?: boolean; details?: unknown[]; nextRetryDelayMs?: number; cause?: Error } = {},
): ApplicationFailure {
  return ApplicationFailure.create({
    type,
    message,
    nonRetryable: opts.nonRetryable ?? !isRetryable(type),
    details: opts.details,
    // Temporal reads a zero delay as 'no retry' (it is encoded like an unset duration): leave it to the backoff.
    nextRetryDelay: opts.nextRetryDelayMs ? opts.nextRetryDelayMs : undefined,
    cause: opts.cause,
  });
}

/** Retry-After in milliseconds from `retry-after-ms`, `x-ms-retry-after-ms` or `retry-after` (seconds or a date). */
export function retryAfterMs(
  headers: { get(name: string): string | undefined } | undefined,
  now = Date.now(),
): number | undefined {
  if (!headers) return undefined;
  for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const ms = Number(headers.get(name));
    if (headers.get(name) && Number.isFinite(ms) && ms >= 0) return ms;
  }
  const value = headers.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Azure's 404: a port's way of saying the resource does not exist. */
export function isNotFound(err: unknown): boolean {
  return (err as { statusCode?: number } | null)?.statusCode === 404;
}

function isCancellation(err: unknown): boolean {
  if (err instanceof CancelledFailure) return true;
  const name = (err as { name?: string } | null)?.name;
  return name === 'AbortError' || name === 'CancelledFailure';
}

function fromStatus(err: RestLike, action: string): ApplicationFailure {
  const status = err.statusCode as number;
  const details = [{ statusCode: status, azureCode: err.code, message: err.message }];
  const message = `${action}: Azure answered ${status}${err.code ? ` ${err.code}` : ''}: ${err.message}`;
  const cause = err as Error;
  if (status === 409) return failure('AzureConflict', message, { details, cause });
  if (status === 429) {
    return failure('AzureThrottled', message, {
      details,
      cause,
      nextRetryDelayMs: retryAfterMs(err.response?.headers),
    });
  }
  if (status >= 500 || status === 408) {
    return failure('AzureUnavailable', message, {
      details,
      cause,
      nextRetryDelayMs: retryAfterMs(err.response?.headers),
    });
  }
  if (status === 404) return failure('NotFound', message, { details, cause });
  return failure('AzureRejected', message, { details, cause });
}

/**
 * Maps an error thrown by an Azure SDK call. Cancellations and errors that are already ApplicationFailures pass
 * through unchanged; anything unrecognised also passes through (Temporal retries it like any other error).
 */
export function toFailure(err: unknown, action: string): unknown {
  if (err instanceof ApplicationFailure || isCancellation(err)) return err;
  if (!(err instanceof Error)) return err;
  const rest = err as RestLike;
  if (typeof rest.statusCode === 'number') return fromStatus(rest, action);
  const lro = LRO_FAILED.exec(err.message);
  if (lro) {
    const azureCode = lro[1] ?? 'Unknown';
    const detail = lro[2] ?? err.message;
    return failure('AzureOperationFailed', `${action}: the operation ended Failed (${azureCode}): ${detail}`, {
      details: [{ azureCode, message: detail }],
      cause: err,
    });
  }
  if (rest.name === 'RestError' || (rest.code && NETWORK_CODES.has(rest.code)) || rest.code?.startsWith('UND_ERR')) {
    return failure('AzureUnavailable', `${action}: network error: ${err.message}`, {
      details: [{ message: err.message }],
      cause: err,
    });
  }
  return err;
}

/** Runs one Azure call and maps what it throws. */
export async function callAzure<T>(action: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toFailure(err, action);
  }
}
