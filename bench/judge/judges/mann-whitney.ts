// Kayenta's Mann–Whitney classifier (MannWhitneyClassifier.scala): two-sided rank-sum confidence interval for the
// shift experiment − control, Hodges–Lehmann estimate, High when CI_lower > tolerance·|HL| and meanRatio ≥ 1.
// The CI is read from the sorted pairwise differences, a simplification of Kayenta's Brent inversion.

export type MetricClass = 'Pass' | 'High' | 'Low' | 'NoData';

const Z_98 = 2.3263478740408408; // two-sided 98 %

export function mannWhitneyClassify(experiment: number[], control: number[], tolerance = 0.25): MetricClass {
  const [m, n] = [experiment.length, control.length];
  if (m === 0 || n === 0) return 'NoData';
  const diffs = new Float64Array(m * n);
  let i = 0;
  for (const x of experiment) for (const y of control) diffs[i++] = x - y;
  diffs.sort();
  const mid = diffs.length / 2;
  const hl = diffs.length % 2 ? diffs[Math.floor(mid)] : (diffs[mid - 1] + diffs[mid]) / 2;
  const k = Math.max(0, Math.floor((m * n) / 2 - Z_98 * Math.sqrt((m * n * (m + n + 1)) / 12)));
  const [lower, upper] = [diffs[k], diffs[m * n - 1 - k]];
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  const ratio = mean(control) === 0 ? (mean(experiment) > 0 ? Infinity : 1) : mean(experiment) / mean(control);
  if (lower > tolerance * Math.abs(hl) && ratio >= 1) return 'High';
  if (upper < -tolerance * Math.abs(hl) && ratio <= 1) return 'Low';
  return 'Pass';
}
