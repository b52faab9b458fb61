// Latency laws of the simulator: a log-normal through (median, p99), optionally with a tail slow path.
import type { Arm } from './scenario';

const Z99 = 2.3263478740408408;

export interface LatencyLaw {
  /** P(latency > x). */
  survival(x: number): number;
  quantile(u: number): number;
}

/** Standard normal CDF (Zelen & Severo 26.2.17, error < 7.5e-8). */
export function normCdf(z: number): number {
  const t = 1 / (1 + 0.2316419 * Math.abs(z));
  const d = 0.3989422804014327 * Math.exp((-z * z) / 2);
  const p = d * t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  return z > 0 ? 1 - p : p;
}

/** Inverse normal CDF (Acklam's rational approximation, relative error < 1.2e-9). */
export function normInv(p: number): number {
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239,
  ];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo || p > 1 - lo) {
    const q = Math.sqrt(-2 * Math.log(p < lo ? p : 1 - p));
    const x =
      (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    return p < lo ? x : -x;
  }
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
  );
}

export function latencyLaw(arm: Arm, factor = 1): LatencyLaw {
  const mu = Math.log(arm.latencyMs.median * factor);
  const sigma = Math.log(arm.latencyMs.p99 / arm.latencyMs.median) / Z99;
  const base: LatencyLaw = {
    survival: (x) => (x <= 0 ? 1 : 1 - normCdf((Math.log(x) - mu) / sigma)),
    quantile: (u) => Math.exp(mu + sigma * normInv(u)),
  };
  const shift = arm.tailShift;
  if (!shift) return base;
  const cut = base.quantile(shift.aboveQuantile);
  const tail = 1 - shift.aboveQuantile;
  return {
    survival: (x) => (x < cut ? base.survival(x) : x < cut + shift.addMs ? tail : base.survival(x - shift.addMs)),
    quantile: (u) => base.quantile(u) + (u > shift.aboveQuantile ? shift.addMs : 0),
  };
}
