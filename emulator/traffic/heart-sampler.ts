// Draws realistic heart-disease inputs: a latent diagnosis first, then each feature from the UCI Cleveland
// class-conditional distributions, so the classifier sees a believable mix of easy and borderline patients.
import { HEART_FEATURES, type FeatureRow } from '../model/features';
import { normal, type Rng } from '../model/random';

type Dist =
  | { kind: 'normal'; mean: number; sd: number; min: number; max: number; step: number }
  | { kind: 'cat'; values: number[]; p: number[] };

const num = (mean: number, sd: number, min: number, max: number, step = 1): Dist => ({
  kind: 'normal',
  mean,
  sd,
  min,
  max,
  step,
});
const cat = (values: number[], p: number[]): Dist => ({ kind: 'cat', values, p });
const flag = (p1: number): Dist => cat([0, 1], [1 - p1, p1]);

// [healthy, disease] per feature, in HEART_FEATURES order.
const CLASS_DISTS: Array<[Dist, Dist]> = [
  [num(52.6, 9.5, 29, 77), num(56.6, 7.9, 35, 77)],
  [flag(0.56), flag(0.82)],
  [cat([1, 2, 3, 4], [0.16, 0.25, 0.42, 0.17]), cat([1, 2, 3, 4], [0.05, 0.06, 0.13, 0.76])],
  [num(129.3, 16.2, 94, 180), num(134.6, 18.9, 100, 200)],
  [num(242, 53, 126, 564), num(251, 49, 131, 409)],
  [flag(0.14), flag(0.16)],
  [cat([0, 1, 2], [0.57, 0.01, 0.42]), cat([0, 1, 2], [0.4, 0.03, 0.57])],
  [num(158.4, 19, 96, 202), num(139.3, 22.6, 71, 195)],
  [flag(0.14), flag(0.55)],
  [num(0.58, 0.78, 0, 4.2, 0.1), num(1.57, 1.3, 0, 6.2, 0.1)],
  [cat([1, 2, 3], [0.65, 0.3, 0.05]), cat([1, 2, 3], [0.26, 0.65, 0.09])],
  [cat([0, 1, 2, 3], [0.79, 0.13, 0.05, 0.03]), cat([0, 1, 2, 3], [0.33, 0.32, 0.22, 0.13])],
  [cat([3, 6, 7], [0.79, 0.04, 0.17]), cat([3, 6, 7], [0.27, 0.09, 0.64])],
];

/** Share of patients with heart disease in the Cleveland data. */
export const DISEASE_PREVALENCE = 0.46;

export function sampleHeartRow(rng: Rng): { row: FeatureRow; disease: 0 | 1 } {
  const disease: 0 | 1 = rng() < DISEASE_PREVALENCE ? 1 : 0;
  return { row: CLASS_DISTS.map((pair) => draw(pair[disease], rng)), disease };
}

/** A scoring body in the MLflow split orient, with canonical column order. */
export function sampleScoringBody(
  rng: Rng,
  rows = 1,
): { input_data: { columns: string[]; index: number[]; data: FeatureRow[] } } {
  const data = Array.from({ length: rows }, () => sampleHeartRow(rng).row);
  return { input_data: { columns: [...HEART_FEATURES], index: data.map((_, i) => i), data } };
}

function draw(d: Dist, rng: Rng): number {
  if (d.kind === 'cat') {
    let u = rng();
    for (let i = 0; i < d.values.length; i++) {
      if (u < d.p[i]) return d.values[i];
      u -= d.p[i];
    }
    return d.values[d.values.length - 1];
  }
  const x = Math.min(d.max, Math.max(d.min, d.mean + d.sd * normal(rng)));
  return Number((Math.round(x / d.step) * d.step).toFixed(6));
}
