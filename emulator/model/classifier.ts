// The small linear models each emulated model version runs, deterministic for a given input row: a logistic
// classifier (`{prediction, probability}` per row) or a linear regression (a number per row).
import type { ModelVersionRecord } from '../types';
import type { FeatureRow } from './features';

export interface Prediction {
  /** 1 = heart disease predicted. */
  prediction: 0 | 1;
  /** P(prediction = 1) under the model, rounded to 4 decimals. */
  probability: number;
}

/** One row's answer: a class with its probability, or a regression value. */
export type ModelOutput = Prediction | number;

type Weights = Pick<ModelVersionRecord, 'weights' | 'bias'>;

function linear(model: Weights, row: FeatureRow): number {
  let z = model.bias;
  for (let i = 0; i < row.length; i++) z += (model.weights[i] ?? 0) * row[i];
  return z;
}

export function predict(model: Weights, row: FeatureRow): Prediction {
  const probability = 1 / (1 + Math.exp(-linear(model, row)));
  return { prediction: probability >= 0.5 ? 1 : 0, probability: round4(probability) };
}

export function outputOf(model: Pick<ModelVersionRecord, 'weights' | 'bias' | 'task'>, row: FeatureRow): ModelOutput {
  return model.task === 'regression' ? linear(model, row) : predict(model, row);
}

/** Changed outputs of a misbehaving model: the class flips (and the probability with it), a value changes sign. */
export function flip(p: ModelOutput): ModelOutput {
  if (typeof p === 'number') return -p;
  return { prediction: p.prediction === 1 ? 0 : 1, probability: round4(1 - p.probability) };
}

function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
