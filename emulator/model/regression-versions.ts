// The seeded scikit-learn regression model of Azure's safe-rollout example (`model-1`, a custom model served by a
// `score.py` that reads `{"data": [[10 numbers], ...]}` and answers a list of numbers): 1 live on `blue`, 2 a good
// release (outputs within 1.5% of v1's), 3 a bad release (outputs far off, errors and a slow tail).
import type { ModelVersionRecord } from '../types';

export const REGRESSION_MODEL_NAME = 'sklearn-regression';

// Linear weights over the 10 inputs, in order. v1 answers Azure's sample request
// `{"data": [[1,2,3,4,5,6,7,8,9,10], [10,9,8,7,6,5,4,3,2,1]]}` with about [11055.98, 4503.08], as the example shows.
const V1 = [25.649, -253.862, 530.728, 336.318, -942.593, 507.297, 152.887, 265.077, 726.266, 39.056];
// v2 was retrained on more data: every weight moves by at most 1%.
const V2 = [25.9, -255.1, 533.4, 338.0, -949.6, 509.8, 154.0, 266.4, 730.1, 39.3];
// v3 was trained on mis-scaled features: its answers are off by tens of percent.
const V3 = [61.2, -120.5, 802.9, 150.4, -512.8, 880.1, 41.3, 530.9, 402.2, 210.6];

const CREATED = '2025-01-01T00:00:00.000Z';

function regressionVersion(
  version: number,
  description: string,
  weights: readonly number[],
  bias: number,
  behaviour: ModelVersionRecord['behaviour'],
): ModelVersionRecord {
  return {
    name: REGRESSION_MODEL_NAME,
    version,
    createdAt: CREATED,
    description,
    modelType: 'custom_model',
    task: 'regression',
    weights: [...weights],
    bias,
    behaviour,
  };
}

export function defaultRegressionModelVersions(): ModelVersionRecord[] {
  return [
    regressionVersion(1, 'baseline regression (sklearn_regression_model.pkl)', V1, 152, {
      latencyMs: { median: 15, p99: 45 },
      errorRate: 0.001,
    }),
    regressionVersion(2, 'good release: retrained, answers within 1.5% of v1', V2, 151.5, {
      latencyMs: { median: 16, p99: 50 },
      errorRate: 0.001,
    }),
    regressionVersion(3, 'bad release: answers far off, errors and a slow tail', V3, 410, {
      latencyMs: { median: 24, p99: 350 },
      errorRate: 0.08,
    }),
  ];
}
