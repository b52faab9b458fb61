import { effectiveBehaviour } from '../../../../emulator/scoring/run-model';
import type { ModelBehaviour } from '../../../../emulator/types';

const good: ModelBehaviour = {
  latencyMs: { median: 20, p99: 60 },
  errorRate: 0.01,
  atWeight: { minWeight: 90, errorRate: 0.3, latencyMs: { median: 40, p99: 200 } },
};

describe('effectiveBehaviour', () => {
  it.each([
    [0, 0.01, 60],
    [50, 0.01, 60],
    [89, 0.01, 60],
    [90, 0.3, 200],
    [100, 0.3, 200],
  ])('at live weight %i the error rate is %f and the p99 %i ms', (weight, errorRate, p99) => {
    const b = effectiveBehaviour(good, undefined, weight);
    expect(b).toMatchObject({ errorRate, latencyMs: { p99 } });
  });

  it("lets a deployment override replace the model's atWeight behaviour", () => {
    const b = effectiveBehaviour(good, { atWeight: { minWeight: 100, errorRate: 0.5 } }, 95);
    expect(b.errorRate).toBe(0.01);
    expect(effectiveBehaviour(good, { atWeight: { minWeight: 100, errorRate: 0.5 } }, 100).errorRate).toBe(0.5);
  });

  it('keeps the ordinary behaviour without atWeight', () => {
    expect(effectiveBehaviour({ latencyMs: { median: 20, p99: 60 }, errorRate: 0.02 }, undefined, 100)).toEqual({
      latencyMs: { median: 20, p99: 60 },
      errorRate: 0.02,
      flipRate: 0,
    });
  });
});
