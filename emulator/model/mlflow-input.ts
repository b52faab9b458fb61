// Reads the request bodies Azure ML accepts for MLflow deployments into canonical feature rows: Azure's
// `input_data` (pandas split, records, a list of positional rows, or a dict of columns) and MLflow's own
// `dataframe_split`, `dataframe_records`, `instances` and `inputs`, exactly one of them per body (plus `params`).
import { HEART_FEATURES, type FeatureRow } from './features';

export type ParsedInput = { kind: 'ok'; rows: FeatureRow[] } | { kind: 'invalid'; message: string };

const invalid = (message: string): ParsedInput => ({ kind: 'invalid', message });

export const MLFLOW_INPUT_FIELDS = ['input_data', 'dataframe_split', 'dataframe_records', 'instances', 'inputs'];

/**
 * Columns may come in any order and extra columns are ignored; every feature must be present and every cell numeric
 * (a numeric string is read as a number, as pandas would). Positional rows must hold one value per feature.
 */
export function parseMlflowInput(body: unknown, features: readonly string[] = HEART_FEATURES): ParsedInput {
  if (!isObject(body)) return invalid(`The request body must be a JSON object with one of ${fieldList()}.`);
  const fields = Object.keys(body).filter((k) => k !== 'params');
  if (fields.length !== 1 || !MLFLOW_INPUT_FIELDS.includes(fields[0])) {
    return invalid(
      `The input must be a JSON dictionary with exactly one of the input fields ${fieldList()}; ` +
        `got ${fields.length ? fields.map((f) => `"${f}"`).join(', ') : 'none'}.`,
    );
  }
  const [field] = fields;
  const value = body[field];
  const reader = new RowReader(field, features);
  if (field === 'dataframe_split') return reader.split(value);
  if (field === 'dataframe_records') return reader.records(value);
  if (field === 'input_data' && isObject(value) && 'columns' in value) return reader.split(value);
  if (Array.isArray(value)) return value.every(isObject) ? reader.records(value) : reader.positional(value);
  if (isObject(value)) return reader.columnar(value);
  return invalid(`"${field}" must be a list of rows or an object of columns.`);
}

class RowReader {
  constructor(
    private readonly field: string,
    private readonly features: readonly string[],
  ) {}

  split(input: unknown): ParsedInput {
    const f = this.field;
    if (!isObject(input)) return invalid(`"${f}" must be an object with "columns" and "data" (pandas split orient).`);
    const { columns, data, index } = input;
    if (!Array.isArray(columns) || !columns.every((c) => typeof c === 'string')) {
      return invalid(`"${f}.columns" must be an array of column names.`);
    }
    if (!Array.isArray(data)) return invalid(`"${f}.data" must be an array of rows.`);
    if (index !== undefined && (!Array.isArray(index) || index.length !== data.length)) {
      return invalid(`"${f}.index" must be an array with one entry per row (${data.length}).`);
    }
    const missing = this.features.filter((c) => !columns.includes(c));
    if (missing.length > 0) return invalid(`Missing feature column(s): ${missing.join(', ')}.`);
    return this.rows(data, (raw, r) => {
      if (!Array.isArray(raw) || raw.length !== columns.length) {
        return `"${f}.data[${r}]" must be an array of ${columns.length} values, one per column.`;
      }
      return this.features.map((c) => raw[columns.indexOf(c)]);
    });
  }

  records(input: unknown): ParsedInput {
    if (!Array.isArray(input)) return invalid(`"${this.field}" must be an array of records.`);
    return this.rows(input, (raw, r) => {
      if (!isObject(raw)) return `"${this.field}[${r}]" must be an object of feature values.`;
      const missing = this.features.filter((c) => !Object.hasOwn(raw, c));
      if (missing.length > 0) return `"${this.field}[${r}]" is missing feature(s): ${missing.join(', ')}.`;
      return this.features.map((c) => raw[c]);
    });
  }

  positional(input: unknown[]): ParsedInput {
    return this.rows(input, (raw, r) => {
      if (!Array.isArray(raw) || raw.length !== this.features.length) {
        return `"${this.field}[${r}]" must be an array of ${this.features.length} values, one per feature in order.`;
      }
      return raw;
    });
  }

  columnar(input: Record<string, unknown>): ParsedInput {
    const missing = this.features.filter((c) => !Array.isArray(input[c]));
    if (missing.length > 0) return invalid(`"${this.field}" is missing feature column(s): ${missing.join(', ')}.`);
    const lengths = new Set(this.features.map((c) => (input[c] as unknown[]).length));
    if (lengths.size !== 1) return invalid(`"${this.field}": every column must hold the same number of values.`);
    const count = (input[this.features[0]] as unknown[]).length;
    const rows = Array.from({ length: count }, (_, r) => this.features.map((c) => (input[c] as unknown[])[r]));
    return this.rows(rows, (raw) => raw as unknown[]);
  }

  private rows(data: unknown[], cellsOf: (raw: unknown, r: number) => unknown[] | string): ParsedInput {
    const rows: FeatureRow[] = [];
    for (let r = 0; r < data.length; r++) {
      const cells = cellsOf(data[r], r);
      if (typeof cells === 'string') return invalid(cells);
      const row = numericRow(cells, r, this.features);
      if (typeof row === 'string') return invalid(row);
      rows.push(row);
    }
    return { kind: 'ok', rows };
  }
}

/** Cells as numbers (numeric strings too), or a message naming the first that is not. */
export function numericRow(cells: unknown[], r: number, names?: readonly string[]): FeatureRow | string {
  const row: FeatureRow = [];
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i];
    const value = typeof cell === 'number' ? cell : typeof cell === 'string' && cell.trim() !== '' ? Number(cell) : NaN;
    if (!Number.isFinite(value)) {
      const name = names ? `Feature "${names[i]}"` : `Value ${i}`;
      return `${name} in row ${r} must be numeric, got ${JSON.stringify(cell)}.`;
    }
    row.push(value);
  }
  return row;
}

export function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function fieldList(): string {
  return MLFLOW_INPUT_FIELDS.map((f) => `"${f}"`).join(', ');
}
