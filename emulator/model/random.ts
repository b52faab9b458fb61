// Seeded uniform random numbers (mulberry32) and the log-normal latency draw built on them.

export type Rng = () => number;

export function seededRandom(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Standard normal draw (Box-Muller); uses two uniforms. */
export function normal(rng: Rng): number {
  const u1 = Math.max(rng(), Number.MIN_VALUE);
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * rng());
}

const Z99 = 2.326_347_874;

/** Log-normal through a median and a 99th percentile: ln X ~ N(ln median, ((ln p99 - ln median) / z99)^2). */
export function logNormalLatency(latency: { median: number; p99: number }, rng: Rng): number {
  const median = Math.max(latency.median, 0.001);
  const sigma = Math.max(Math.log(Math.max(latency.p99, median) / median), 0) / Z99;
  return median * Math.exp(sigma * normal(rng));
}
