import { flip, outputOf, predict } from '../../../../emulator/model/classifier';
import { defaultRegressionModelVersions } from '../../../../emulator/model/regression-versions';
import { defaultHeartModelVersions } from '../../../../emulator/model/versions';
import { seededRandom } from '../../../../emulator/model/random';
import { sampleHeartRow } from '../../../../emulator/traffic/heart-sampler';

const [v1, v2, v3] = defaultHeartModelVersions();
const rng = seededRandom(7);
const patients = Array.from({ length: 5000 }, () => sampleHeartRow(rng));

describe('heart classifier', () => {
  it('gives the same answer for the same input', () => {
    const row = patients[0].row;
    expect(predict(v1, row)).toEqual(predict(v1, [...row]));
  });

  it('predicts disease for a typical sick patient and health for a typical healthy one', () => {
    const sick = [63, 1, 4, 145, 233, 1, 2, 120, 1, 2.3, 2, 2, 7];
    const healthy = [45, 0, 2, 120, 210, 0, 0, 170, 0, 0, 1, 0, 3];
    expect(predict(v1, sick)).toMatchObject({ prediction: 1 });
    expect(predict(v1, healthy)).toMatchObject({ prediction: 0 });
    expect(predict(v1, sick).probability).toBeGreaterThan(0.9);
  });

  it('is a useful classifier on realistic patients (accuracy above 75%)', () => {
    const correct = patients.filter((p) => predict(v1, p.row).prediction === p.disease).length;
    expect(correct / patients.length).toBeGreaterThan(0.75);
  });

  it('version 2 changes a few outputs of version 1 but keeps the same quality', () => {
    const changed = patients.filter((p) => predict(v1, p.row).prediction !== predict(v2, p.row).prediction).length;
    expect(changed / patients.length).toBeGreaterThan(0.002);
    expect(changed / patients.length).toBeLessThan(0.06);
    const acc = (m: typeof v1): number => patients.filter((p) => predict(m, p.row).prediction === p.disease).length;
    expect(Math.abs(acc(v1) - acc(v2)) / patients.length).toBeLessThan(0.02);
  });

  it('version 3 is the bad release: higher error rate and a much slower tail', () => {
    expect(v3.behaviour.errorRate).toBeGreaterThanOrEqual(0.05);
    expect(v3.behaviour.latencyMs.p99).toBeGreaterThan(3 * v1.behaviour.latencyMs.p99);
    expect(v2.behaviour.errorRate).toBeLessThanOrEqual(v1.behaviour.errorRate);
  });

  it('flip inverts the class and the probability', () => {
    expect(flip({ prediction: 1, probability: 0.8 })).toEqual({ prediction: 0, probability: 0.2 });
  });
});

describe('regression models', () => {
  it("answer a number per row: the seeded v1 reproduces the example's answer to its sample request", () => {
    const [v1, v2, v3] = defaultRegressionModelVersions();
    const sample = [
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
      [10, 9, 8, 7, 6, 5, 4, 3, 2, 1],
    ];
    expect(sample.map((row) => outputOf(v1, row))).toEqual([expect.closeTo(11055.98, 1), expect.closeTo(4503.08, 1)]);
    for (const row of sample) {
      const base = outputOf(v1, row) as number;
      expect(Math.abs((outputOf(v2, row) as number) / base - 1)).toBeLessThan(0.01);
      expect(Math.abs((outputOf(v3, row) as number) / base - 1)).toBeGreaterThan(0.3);
    }
  });
});
