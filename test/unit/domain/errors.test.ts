// The error table: each code's HTTP status and retryability, and the retry policies and failure() that read it.
import { ApplicationFailure } from '@temporalio/activity';
import { ERROR_CODES, ERRORS, NON_RETRYABLE_CODES, isRetryable, type ErrorCode } from '../../../domain/errors';
import { failure } from '../../../activities/failures';
import { STATUS } from '../../../api/errors';
import { PLAN_CHECK_OPTIONS } from '../../../workflows/plan-check';
import { PROFILES } from '../../../workflows/proxies';

describe('the error table', () => {
  it.each<[ErrorCode, number, boolean]>([
    ['InvalidPlan', 400, false],
    ['NotFound', 404, false],
    ['RolloutActive', 409, false],
    ['InvalidState', 409, false],
    ['AzureConflict', 409, true],
    ['AzureThrottled', 503, true],
    ['AzureUnavailable', 503, true],
    ['AzureOperationFailed', 502, false],
    ['AzureRejected', 422, false],
    ['TrafficVerificationFailed', 502, true],
    ['MetricsUnavailable', 503, true],
    ['Unauthenticated', 401, false],
    ['Forbidden', 403, false],
    ['Unavailable', 503, true],
  ])('maps %s to HTTP %i (retryable %s)', (code, status, retryable) => {
    expect(ERRORS[code]).toEqual({ status, retryable });
    expect(isRetryable(code)).toBe(retryable);
  });

  it('lists every code once', () => {
    expect(new Set(ERROR_CODES).size).toBe(14);
  });

  it('answers 503 only for codes a client may retry later', () => {
    const unavailable = ERROR_CODES.filter((code) => ERRORS[code].status === 503);
    expect(unavailable.every(isRetryable)).toBe(true);
  });
});

describe('readers of the table', () => {
  const nonRetryable = ERROR_CODES.filter((code) => !isRetryable(code)).sort();

  it('gives every retry profile the non-retryable codes of the table, and nothing else', () => {
    expect([...NON_RETRYABLE_CODES].sort()).toEqual(nonRetryable);
    for (const profile of Object.values(PROFILES)) {
      expect([...(profile.retry.nonRetryableErrorTypes ?? [])].sort()).toEqual(nonRetryable);
    }
    expect([...PLAN_CHECK_OPTIONS.retry.nonRetryableErrorTypes].sort()).toEqual(nonRetryable);
  });

  it.each(ERROR_CODES)('makes failure(%s) retryable as the table says unless the call decides', (code) => {
    const thrown = failure(code, 'x');
    expect(thrown).toBeInstanceOf(ApplicationFailure);
    expect(thrown).toMatchObject({ type: code, nonRetryable: !ERRORS[code].retryable });
    expect(failure(code, 'x', { nonRetryable: true }).nonRetryable).toBe(true);
  });

  it('answers each code over HTTP with the status of the table', () => {
    for (const code of ERROR_CODES) expect(STATUS[code]).toBe(ERRORS[code].status);
  });
});
