import { FaultState } from '../../../../emulator/control/fault-state';

describe('FaultState', () => {
  it('consumes counted throttles and server errors that match method and path', () => {
    const faults = new FaultState(() => 0);
    faults.throttle({ count: 1, retryAfterSeconds: 4, method: 'put' });
    faults.serverError({ count: 2, status: 502, path: 'deployments/green$' });
    expect(faults.armFault('GET', '/x/deployments/blue')).toBeUndefined();
    expect(faults.armFault('PUT', '/x')).toEqual({ kind: 'throttle', retryAfterSeconds: 4 });
    expect(faults.armFault('PUT', '/x')).toBeUndefined();
    expect(faults.armFault('GET', '/x/deployments/green')).toEqual({ kind: 'server-error', status: 502 });
    expect(faults.armFault('DELETE', '/x/deployments/green')).toEqual({ kind: 'server-error', status: 502 });
    expect(faults.armFault('GET', '/x/deployments/green')).toBeUndefined();
  });

  it('throttles at a rate with the injected random source', () => {
    const draws = [0.1, 0.9, 0.2];
    const faults = new FaultState(() => draws.shift() ?? 1);
    faults.throttle({ rate: 0.5 });
    expect(
      [faults.armFault('GET', '/'), faults.armFault('GET', '/'), faults.armFault('GET', '/')].map((f) => f?.kind),
    ).toEqual(['throttle', undefined, 'throttle']);
  });

  it('throttles without Retry-After when it is null, and delays slow calls by count and filter', () => {
    const faults = new FaultState(() => 0);
    faults.throttle({ count: 1, retryAfterSeconds: null });
    expect(faults.armFault('GET', '/x')).toEqual({ kind: 'throttle' });
    faults.slow({ delayMs: 1500, count: 2, path: 'metrics' });
    expect(faults.responseDelayMs('GET', '/x/onlineEndpoints/e')).toBe(0);
    expect([1, 2, 3].map(() => faults.responseDelayMs('POST', '/x/metrics:getBatch'))).toEqual([1500, 1500, 0]);
    expect(() => faults.slow({ delayMs: -1 })).toThrow('delayMs: must be a number >= 0');
  });

  it('drops a fault once its forMs has passed, used up or not', () => {
    jest.useFakeTimers({ now: 1_000 });
    try {
      const faults = new FaultState(() => 0);
      faults.conflict({ count: 5, forMs: 2_000 });
      expect(faults.armFault('PUT', '/x')).toEqual({ kind: 'conflict' });
      jest.setSystemTime(3_000);
      expect(faults.armFault('PUT', '/x')).toBeUndefined();
      expect(faults.describe().conflicts).toEqual([]);
      expect(() => faults.throttle({ forMs: 0 })).toThrow('forMs: must be a number of milliseconds > 0');
    } finally {
      jest.useRealTimers();
    }
  });

  it('fails the next matching operation once, and refuses bad faults with the field named', () => {
    const faults = new FaultState(Math.random);
    faults.failOperation({ code: 'OutOfQuota', method: 'PATCH' });
    expect(faults.operationFailure('PUT', '/a')).toBeUndefined();
    expect(faults.operationFailure('PATCH', '/a')).toMatchObject({ code: 'OutOfQuota' });
    expect(faults.operationFailure('PATCH', '/a')).toBeUndefined();
    expect(() => faults.serverError({ count: 1, status: 404 })).toThrow('status: must be a 5xx');
    expect(() => faults.throttle({ path: '(' })).toThrow('path: not a valid regular expression');
    expect(() => faults.failOperation({ code: '' })).toThrow('code: required');
  });

  it('clears everything including metrics faults', () => {
    const faults = new FaultState(Math.random);
    faults.metrics = { outage: true, delayMs: 5 };
    faults.throttle({ count: 3 });
    faults.conflict({ path: 'onlineEndpoints' });
    faults.slow({ delayMs: 100 });
    faults.clear();
    expect(faults.describe()).toEqual({
      throttles: [],
      serverErrors: [],
      operationFailures: [],
      conflicts: [],
      slowResponses: [],
      metrics: { outage: false, delayMs: 0 },
    });
  });
});
