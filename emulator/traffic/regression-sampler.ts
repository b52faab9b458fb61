// Draws request bodies for the seeded regression model's scoring script: `{"data": [[width numbers], ...]}`, each
// number uniform in [0, 10) with one decimal, like the example's sample request.
import type { Rng } from '../model/random';

export function sampleRegressionBody(rng: Rng, rows: number, width: number): { data: number[][] } {
  const row = () => Array.from({ length: width }, () => Math.round(rng() * 100) / 10);
  return { data: Array.from({ length: rows }, row) };
}
