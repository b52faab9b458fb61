// Small inline SVG line charts (no library): a gate's reads on the x axis, candidate vs baseline and threshold lines.
import { html, raw, type Html } from './html';

export interface Series {
  name: string;
  cls: string;
  values: (number | null)[];
}
export interface Line {
  label: string;
  value: number;
}

const W = 320;
const H = 120;
const PAD = { left: 44, right: 8, top: 8, bottom: 18 };

function fmt(v: number): string {
  if (v === 0) return '0';
  if (Math.abs(v) >= 1000 || Math.abs(v) < 0.01) return v.toExponential(1);
  return String(Math.round(v * 1000) / 1000);
}

export function lineChart(
  title: string,
  series: Series[],
  lines: Line[],
  options: { log?: boolean; testid?: string } = {},
): Html {
  const finite = (v: number | null): v is number => v !== null && Number.isFinite(v) && (!options.log || v > 0);
  const values = [...series.flatMap((s) => s.values.filter(finite)), ...lines.map((l) => l.value).filter(finite)];
  const n = Math.max(1, ...series.map((s) => s.values.length));
  if (values.length === 0)
    return html`<figure class="chart">
      <figcaption>${title}</figcaption>
      <p class="muted">no reads yet</p>
    </figure>`;
  const t = (v: number) => (options.log ? Math.log10(v) : v);
  let lo = options.log ? Math.min(...values.map(t)) : Math.min(0, ...values);
  let hi = Math.max(...values.map(t));
  if (hi === lo) hi = lo + 1;
  if (options.log) lo = Math.min(lo, 0);
  const x = (i: number) =>
    PAD.left + (n === 1 ? (W - PAD.left - PAD.right) / 2 : (i * (W - PAD.left - PAD.right)) / (n - 1));
  const y = (v: number) => PAD.top + (1 - (t(v) - lo) / (hi - lo)) * (H - PAD.top - PAD.bottom);
  const paths = series.map((s) => {
    const pts = s.values.map((v, i) => (finite(v) ? `${x(i).toFixed(1)},${y(v).toFixed(1)}` : '')).filter(Boolean);
    const dots = pts
      .map((p) => `<circle class="${s.cls}" cx="${p.split(',')[0]}" cy="${p.split(',')[1]}" r="2"/>`)
      .join('');
    return `<polyline class="${s.cls}" fill="none" points="${pts.join(' ')}"/>${dots}`;
  });
  const rules = lines
    .filter((l) => finite(l.value))
    .map(
      (l) =>
        `<line class="threshold" x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(l.value).toFixed(1)}" y2="${y(l.value).toFixed(1)}"/>` +
        `<text class="threshold-label" x="${W - PAD.right}" y="${(y(l.value) - 2).toFixed(1)}" text-anchor="end">${escText(l.label)}</text>`,
    );
  const top = options.log ? 10 ** hi : hi;
  const bottom = options.log ? 10 ** lo : lo;
  const axes =
    `<text x="${PAD.left - 4}" y="${PAD.top + 8}" text-anchor="end">${fmt(top)}</text>` +
    `<text x="${PAD.left - 4}" y="${H - PAD.bottom}" text-anchor="end">${fmt(bottom)}</text>` +
    `<text x="${PAD.left}" y="${H - 4}">read 1</text><text x="${W - PAD.right}" y="${H - 4}" text-anchor="end">read ${n}</text>` +
    `<line class="axis" x1="${PAD.left}" x2="${PAD.left}" y1="${PAD.top}" y2="${H - PAD.bottom}"/>`;
  const legend = series.map((s) => html`<span class="key ${s.cls}">${s.name}</span>`);
  return html`<figure class="chart" data-testid="${options.testid ?? ''}">
    <figcaption>${title} ${legend}</figcaption>
    <svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${title}">
      ${raw(axes + rules.join('') + paths.join(''))}
    </svg>
  </figure>`;
}

const escText = (s: string) => s.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);
