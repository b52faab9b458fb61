// Kubernetes resource quantities as numbers, to compare a container's requests with its limits: '500m' cores is
// 0.5, '1Gi' bytes is 2^30, '1G' is 10^9. Formats are checked by the candidate schema.
const SUFFIX: Record<string, number> = {
  '': 1,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** NaN when the text is not a quantity. */
export function parseQuantity(text: string): number {
  const match = /^(\d+(?:\.\d+)?)([a-zA-Z]*)$/.exec(text);
  const factor = match ? SUFFIX[match[2]] : undefined;
  return match && factor !== undefined ? Number(match[1]) * factor : NaN;
}
