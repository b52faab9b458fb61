// Azure error → ApplicationFailure type and retryability.
import { RestError, createHttpHeaders, createPipelineRequest } from '@azure/core-rest-pipeline';
import { ApplicationFailure, CancelledFailure } from '@temporalio/activity';
import { callAzure, retryAfterMs, toFailure } from '../../../activities/failures';

function restError(status: number, code?: string, headers: Record<string, string> = {}): RestError {
  const request = createPipelineRequest({ url: 'https://example.test/x' });
  return new RestError(`boom ${status}`, {
    statusCode: status,
    code,
    request,
    response: { status, headers: createHttpHeaders(headers), request },
  });
}

describe('toFailure', () => {
  it.each([
    [409, 'AzureConflict', false],
    [429, 'AzureThrottled', false],
    [500, 'AzureUnavailable', false],
    [503, 'AzureUnavailable', false],
    [408, 'AzureUnavailable', false],
    [404, 'NotFound', true],
    [400, 'AzureRejected', true],
    [403, 'AzureRejected', true],
  ])('maps HTTP %i to %s (nonRetryable %s)', (status, type, nonRetryable) => {
    const f = toFailure(restError(status, 'SomeCode'), 'do thing') as ApplicationFailure;
    expect(f).toBeInstanceOf(ApplicationFailure);
    expect(f.type).toBe(type);
    expect(f.nonRetryable).toBe(nonRetryable);
    expect(f.message).toContain('do thing');
    expect(f.details?.[0]).toMatchObject({ statusCode: status, azureCode: 'SomeCode' });
  });

  it('carries Retry-After of a 429 as the next retry delay', () => {
    const f = toFailure(restError(429, 'TooManyRequests', { 'retry-after': '7' }), 'x') as ApplicationFailure;
    expect(f.nextRetryDelay).toBe(7000);
  });

  it('leaves a Retry-After of 0 to the retry policy, since Temporal would read a zero delay as no retry', () => {
    const f = toFailure(restError(429, 'TooManyRequests', { 'retry-after': '0' }), 'x') as ApplicationFailure;
    expect(f.nextRetryDelay).toBeUndefined();
    expect(f.nonRetryable).toBe(false);
  });

  it('maps a failed long-running operation to AzureOperationFailed with the Azure code', () => {
    const err = new Error('The long-running operation has failed. OutOfQuota. Not enough quota for Standard_DS3_v2.');
    const f = toFailure(err, 'create deployment') as ApplicationFailure;
    expect(f.type).toBe('AzureOperationFailed');
    expect(f.nonRetryable).toBe(true);
    expect(f.details?.[0]).toEqual({ azureCode: 'OutOfQuota', message: 'Not enough quota for Standard_DS3_v2.' });
  });

  it('maps a failed operation without error details', () => {
    const f = toFailure(new Error('The long-running operation has failed'), 'x') as ApplicationFailure;
    expect(f.type).toBe('AzureOperationFailed');
  });

  it('maps network errors to retryable AzureUnavailable', () => {
    const request = createPipelineRequest({ url: 'https://example.test/x' });
    const f = toFailure(
      new RestError('connect ECONNREFUSED', { code: 'REQUEST_SEND_ERROR', request }),
      'x',
    ) as ApplicationFailure;
    expect(f.type).toBe('AzureUnavailable');
    expect(f.nonRetryable).toBe(false);
    const econn = Object.assign(new Error('reset'), { code: 'ECONNRESET' });
    expect((toFailure(econn, 'x') as ApplicationFailure).type).toBe('AzureUnavailable');
  });

  it('lets cancellations, ApplicationFailures and unknown errors through unchanged', () => {
    const cancelled = new CancelledFailure('CANCELLED');
    const app = ApplicationFailure.nonRetryable('x', 'InvalidPlan');
    const bug = new TypeError('oops');
    expect(toFailure(cancelled, 'x')).toBe(cancelled);
    expect(toFailure(app, 'x')).toBe(app);
    expect(toFailure(bug, 'x')).toBe(bug);
  });

  it('callAzure rethrows the mapped failure', async () => {
    await expect(callAzure('scale', () => Promise.reject(restError(409, 'Conflict')))).rejects.toMatchObject({
      type: 'AzureConflict',
    });
  });
});

describe('retryAfterMs', () => {
  const headers = (h: Record<string, string>) => createHttpHeaders(h);
  it('reads seconds, milliseconds and dates', () => {
    expect(retryAfterMs(headers({ 'retry-after': '3' }))).toBe(3000);
    expect(retryAfterMs(headers({ 'retry-after-ms': '250' }))).toBe(250);
    expect(retryAfterMs(headers({ 'retry-after': new Date(10_000).toUTCString() }), 4_000)).toBe(6000);
    expect(retryAfterMs(headers({}))).toBeUndefined();
    expect(retryAfterMs(undefined)).toBeUndefined();
  });
});
