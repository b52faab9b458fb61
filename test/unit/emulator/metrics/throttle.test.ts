// The emulator's Azure Monitor throttle: a token bucket per subscription and API, 429 with the seconds until the
// next token; and the option's text form.
import { AZURE_READ_LIMITS, metricsThrottle, parseThrottle } from '../../../../emulator/metrics/throttle';

describe('metricsThrottle', () => {
  it('lets a full bucket through, then refuses with the seconds until a token returns', () => {
    let now = 0;
    const throttle = metricsThrottle({ bucket: 3, refillPerSecond: 0.5 }, () => now);
    for (let i = 0; i < 3; i++) throttle.take('batch', 'sub-a');
    expect(() => throttle.take('batch', 'sub-a')).toThrow(
      expect.objectContaining({ status: 429, retryAfterSeconds: 2 }),
    );
    now = 2000;
    expect(() => throttle.take('batch', 'sub-a')).not.toThrow();
    expect(throttle.throttled()).toBe(1);
  });

  it('keeps one bucket per subscription and per API', () => {
    const throttle = metricsThrottle({ bucket: 1, refillPerSecond: 1 }, () => 0);
    throttle.take('batch', 'sub-a');
    expect(() => throttle.take('batch', 'SUB-A')).toThrow(/sub-a|SUB-A/i);
    expect(() => throttle.take('batch', 'sub-b')).not.toThrow();
    expect(() => throttle.take('arm', 'sub-a')).not.toThrow();
  });
});

describe('parseThrottle', () => {
  it.each([
    ['off', undefined],
    ['on', AZURE_READ_LIMITS],
    ['5/1', { bucket: 5, refillPerSecond: 1 }],
    ['1/0.5', { bucket: 1, refillPerSecond: 0.5 }],
  ])('reads %s', (text, limits) => expect(parseThrottle(text)).toEqual(limits));

  it.each(['yes', '0/1', '5/0', '5'])('refuses %s', (text) =>
    expect(() => parseThrottle(text)).toThrow(/metrics throttle/),
  );
});
