// The seeded heart-classifier versions: 1 the baseline, 2 a good release, 3 a bad release.
import type { ModelVersionRecord } from '../types';

export const HEART_MODEL_NAME = 'heart-classifier';

// Logistic weights over the raw UCI Cleveland coding, in HEART_FEATURES order:
//            age    sex   cp   trestbps chol   fbs   restecg thalach exang oldpeak slope ca   thal
const V1 = [-0.01, 1.5, 0.6, 0.02, 0.005, -0.5, 0.25, -0.02, 0.7, 0.4, 0.5, 1.2, 0.35];
// v2 was retrained: same quality, slightly different weights, so a few borderline inputs change class.
const V2 = [-0.008, 1.45, 0.62, 0.019, 0.0055, -0.45, 0.22, -0.021, 0.72, 0.42, 0.48, 1.18, 0.36];

const CREATED = '2025-01-01T00:00:00.000Z';

function heartVersion(
  version: number,
  description: string,
  weights: readonly number[],
  bias: number,
  behaviour: ModelVersionRecord['behaviour'],
): ModelVersionRecord {
  return { name: HEART_MODEL_NAME, version, createdAt: CREATED, description, weights: [...weights], bias, behaviour };
}

export function defaultHeartModelVersions(): ModelVersionRecord[] {
  return [
    heartVersion(1, 'baseline logistic classifier', V1, -7.5, {
      latencyMs: { median: 20, p99: 60 },
      errorRate: 0.001,
      flipRate: 0,
    }),
    heartVersion(2, 'good release: retrained, same quality and latency', V2, -7.4, {
      latencyMs: { median: 21, p99: 65 },
      errorRate: 0.001,
      flipRate: 0,
    }),
    heartVersion(3, 'bad release: elevated error rate and a much slower tail', V2, -7.4, {
      latencyMs: { median: 26, p99: 400 },
      errorRate: 0.08,
      flipRate: 0.02,
    }),
  ];
}
