// ISO 8601 durations (PT1M, PT5S, P1D, PT0.5S, ...) as Azure uses them for intervals and request timeouts.

const DURATION = /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;

/** Milliseconds, or undefined when the text is not a positive ISO 8601 day/time duration. */
export function parseIsoDuration(text: string): number | undefined {
  const m = DURATION.exec(text.trim());
  if (!m || text.trim().toUpperCase() === 'P' || /T$/i.test(text.trim())) return undefined;
  const [d, h, min, s] = m.slice(1).map((x) => (x === undefined ? 0 : Number(x)));
  const ms = ((d * 24 + h) * 60 + min) * 60_000 + s * 1000;
  return ms > 0 ? ms : undefined;
}
