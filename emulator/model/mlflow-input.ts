// Reads the MLflow "split" body Azure ML documents for MLflow deployments into canonical feature rows.
import { HEART_FEATURES, type FeatureRow } from './features';

export type ParsedInput = { kind: 'ok'; rows: FeatureRow[] } | { kind: 'invalid'; message: string };

const invalid = (message: string): ParsedInput => ({ kind: 'invalid', message });

/**
 * Body: `{"input_data": {"columns": [...], "index": [...], "data": [[...], ...]}}`. Columns may come in any order and
 * extra columns are ignored; every heart feature must be present and every cell numeric (a numeric string is read
 * as a number, as pandas would).
 */
export function parseMlflowInput(body: unknown): ParsedInput {
  if (!isObject(body)) return invalid('The request body must be a JSON object with an "input_data" field.');
  const input = body.input_data;
  if (!isObject(input))
    return invalid('"input_data" must be an object with "columns" and "data" (pandas split orient).');
  const { columns, data, index } = input;
  if (!Array.isArray(columns) || !columns.every((c) => typeof c === 'string')) {
    return invalid('"input_data.columns" must be an array of column names.');
  }
  if (!Array.isArray(data)) return invalid('"input_data.data" must be an array of rows.');
  if (index !== undefined && (!Array.isArray(index) || index.length !== data.length)) {
    return invalid(`"input_data.index" must be an array with one entry per row (${data.length}).`);
  }
  const missing = HEART_FEATURES.filter((f) => !columns.includes(f));
  if (missing.length > 0) return invalid(`Missing feature column(s): ${missing.join(', ')}.`);
  const positions = HEART_FEATURES.map((f) => columns.indexOf(f));
  const rows: FeatureRow[] = [];
  for (let r = 0; r < data.length; r++) {
    const row = readRow(data[r], r, columns, positions);
    if (typeof row === 'string') return invalid(row);
    rows.push(row);
  }
  return { kind: 'ok', rows };
}

function readRow(raw: unknown, r: number, columns: string[], positions: number[]): FeatureRow | string {
  if (!Array.isArray(raw) || raw.length !== columns.length) {
    return `"input_data.data[${r}]" must be an array of ${columns.length} values, one per column.`;
  }
  const row: FeatureRow = [];
  for (let i = 0; i < positions.length; i++) {
    const cell = raw[positions[i]];
    const value = typeof cell === 'number' ? cell : typeof cell === 'string' && cell.trim() !== '' ? Number(cell) : NaN;
    if (!Number.isFinite(value)) {
      return `Feature "${HEART_FEATURES[i]}" in row ${r} must be numeric, got ${JSON.stringify(cell)}.`;
    }
    row.push(value);
  }
  return row;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
