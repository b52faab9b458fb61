// Output of every read: a plain-text table (column widths from the content), or the API's JSON or YAML unchanged.
import { stringify } from 'yaml';

export const FORMATS = ['table', 'json', 'yaml'] as const;
export type Format = (typeof FORMATS)[number];

/** Rows of cells under a header, columns padded to their widest cell, two spaces apart, no trailing blanks. */
export function renderTable(header: string[], rows: string[][]): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((row) => (row[i] ?? '').length)));
  const line = (row: string[]) =>
    row
      .map((cell, i) => (cell ?? '').padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/** `{blue: 80, green: 20}` → `blue 80%, green 20%`; an empty map → `-`. */
export function formatTraffic(map: Record<string, number> | undefined): string {
  const entries = Object.entries(map ?? {}).filter(([, percent]) => percent > 0);
  return entries.length ? entries.map(([name, percent]) => `${name} ${percent}%`).join(', ') : '-';
}

/** The data as the format asks: JSON and YAML as the API sent it, a table through `table`. */
export function render(data: unknown, format: Format, table: () => string): string {
  if (format === 'json') return JSON.stringify(data, null, 2);
  if (format === 'yaml') return stringify(data).trimEnd();
  return table();
}
