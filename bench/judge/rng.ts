// Seeded random numbers for the simulator: xoshiro128** with one independent stream per (scenario, seed, component),
// plus exact or well-approximated samplers (normal, gamma, beta, Poisson, binomial). No Math.random anywhere.

export interface Rng {
  uniform(): number;
}

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** A stream keyed by a scenario, a seed and a component name: changing one component reshuffles no other. */
export function createRng(scenario: string, seed: number, stream: string): Rng {
  const init = splitmix32(hashString(`${scenario}/${seed}/${stream}`));
  const s = new Uint32Array([init(), init(), init(), init()]);
  const rotl = (x: number, k: number): number => ((x << k) | (x >>> (32 - k))) >>> 0;
  return {
    uniform(): number {
      const result = Math.imul(rotl(Math.imul(s[1], 5) >>> 0, 7), 9) >>> 0;
      const t = (s[1] << 9) >>> 0;
      s[2] ^= s[0];
      s[3] ^= s[1];
      s[1] ^= s[2];
      s[0] ^= s[3];
      s[2] ^= t;
      s[3] = rotl(s[3], 11);
      return (result + 0.5) / 4294967296; // never exactly 0 or 1
    },
  };
}

export function normal(rng: Rng): number {
  const u = rng.uniform();
  const v = rng.uniform();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Marsaglia–Tsang, with the shape < 1 boost. */
export function gamma(rng: Rng, shape: number): number {
  if (shape < 1) return gamma(rng, shape + 1) * rng.uniform() ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = normal(rng);
    const v0 = 1 + c * x;
    if (v0 <= 0) continue;
    const v = v0 * v0 * v0;
    const u = rng.uniform();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

export function beta(rng: Rng, a: number, b: number): number {
  const x = gamma(rng, a);
  return x / (x + gamma(rng, b));
}

/** Inversion below a mean of 30, a continuity-corrected normal above (error far below the Monte Carlo noise). */
export function poisson(rng: Rng, mean: number): number {
  if (mean <= 0) return 0;
  if (mean >= 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal(rng)));
  let k = 0;
  let p = Math.exp(-mean);
  let cdf = p;
  const u = rng.uniform();
  while (u > cdf && k < 1000) {
    k++;
    p *= mean / k;
    cdf += p;
  }
  return k;
}

/** Exact inversion while the smaller tail's mean is under 30, else a clamped normal approximation. */
export function binomial(rng: Rng, n: number, p: number): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - binomial(rng, n, 1 - p);
  const mean = n * p;
  if (mean >= 30) {
    const x = Math.round(mean + Math.sqrt(mean * (1 - p)) * normal(rng));
    return Math.min(n, Math.max(0, x));
  }
  const q = 1 - p;
  const ratio = p / q;
  let prob = q ** n;
  let cdf = prob;
  let k = 0;
  const u = rng.uniform();
  while (u > cdf && k < n) {
    prob *= ((n - k) / (k + 1)) * ratio;
    k++;
    cdf += prob;
  }
  return k;
}
