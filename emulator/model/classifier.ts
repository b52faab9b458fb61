// The small logistic classifier each emulated model version runs, deterministic for a given input row.
import type { ModelVersionRecord } from '../types';
import type { FeatureRow } from './features';

export interface Prediction {
  /** 1 = heart disease predicted. */
  prediction: 0 | 1;
  /** P(prediction = 1) under the model, rounded to 4 decimals. */
  probability: number;
}

type Weights = Pick<ModelVersionRecord, 'weights' | 'bias'>;

export function predict(model: Weights, row: FeatureRow): Prediction {
  let z = model.bias;
  for (let i = 0; i < row.length; i++) z += (model.weights[i] ?? 0) * row[i];
  const probability = 1 / (1 + Math.exp(-z));
  return { prediction: probability >= 0.5 ? 1 : 0, probability: round4(probability) };
}

/** Changed outputs of a misbehaving model: the class flips, and the probability with it. */
export function flip(p: Prediction): Prediction {
  return { prediction: p.prediction === 1 ? 0 : 1, probability: round4(1 - p.probability) };
}

function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
