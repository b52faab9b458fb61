// Validation inputs are deterministic MLflow bodies; predictions are read from several response shapes.
import { agreementOf, countsOf, type ScoreOutcome } from '../../../activities/scoring';
import { HEART_FEATURES, heartRequest, heartRow, percentile, predictionsOf } from '../../../activities/scoring-inputs';

describe('heart-disease inputs', () => {
  it('are the same for the same seed and carry all 13 features', () => {
    expect(heartRow(7)).toEqual(heartRow(7));
    expect(heartRow(7)).not.toEqual(heartRow(8));
    const body = heartRequest(3, 2);
    expect(body.input_data.columns).toEqual([...HEART_FEATURES]);
    expect(body.input_data.data).toHaveLength(2);
    expect(body.input_data.data.every((row) => row.length === 13 && row.every(Number.isFinite))).toBe(true);
  });
});

describe('predictionsOf', () => {
  it.each([
    [[{ prediction: 1, probability: 0.7 }], ['1']],
    [{ predictions: [{ prediction: 0 }, { prediction: 1 }] }, ['0', '1']],
    [
      [0.5, 0.5],
      ['0.5', '0.5'],
    ],
    [{ predictions: [1, 0] }, ['1', '0']],
    [{ result: 'yes' }, ['"yes"']],
    ['plain', ['"plain"']],
  ])('%j → %j', (body, expected) => {
    expect(predictionsOf(body)).toEqual(expected);
  });
});

describe('scoring statistics', () => {
  const ok = (p: string, ms = 10): ScoreOutcome => ({ ok: true, status: 200, latencyMs: ms, predictions: [p] });
  const failed: ScoreOutcome = { ok: false, status: 424, latencyMs: 5 };

  it('computes nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile([], 50)).toBeUndefined();
  });

  it('counts every failed request as an error', () => {
    expect(countsOf([ok('1'), failed, ok('0', 30)])).toMatchObject({ requests: 3, errors: 1, latencyP50Ms: 10 });
  });

  it('measures agreement over inputs both deployments answered', () => {
    const pairs: Array<[ScoreOutcome, ScoreOutcome]> = [
      [ok('1'), ok('1')],
      [ok('1'), ok('0')],
      [ok('1'), failed],
      [ok('0'), ok('0')],
    ];
    expect(agreementOf(pairs)).toEqual({ agreement: 2 / 3, compared: 3 });
    expect(agreementOf([[failed, failed]])).toEqual({ agreement: 0, compared: 0 });
  });
});
