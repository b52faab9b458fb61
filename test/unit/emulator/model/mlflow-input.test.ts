import { HEART_FEATURES } from '../../../../emulator/model/features';
import { parseMlflowInput } from '../../../../emulator/model/mlflow-input';

const row = [63, 1, 4, 145, 233, 1, 2, 150, 0, 2.3, 3, 0, 6];
const body = (columns: string[], data: unknown[][], extra: Record<string, unknown> = {}): unknown => ({
  input_data: { columns, index: data.map((_, i) => i), data, ...extra },
});

const record = (values: number[]) => Object.fromEntries(HEART_FEATURES.map((f, i) => [f, values[i]]));
const columns = (rows: number[][]) => Object.fromEntries(HEART_FEATURES.map((f, i) => [f, rows.map((r) => r[i])]));
const other = row.map((v) => v + 1);

describe('parseMlflowInput', () => {
  it.each([
    ['input_data split', body([...HEART_FEATURES], [row, other])],
    ['input_data records', { input_data: [record(row), record(other)] }],
    ['input_data positional rows', { input_data: [row, other] }],
    ['input_data columns', { input_data: columns([row, other]) }],
    ['dataframe_split', { dataframe_split: { columns: [...HEART_FEATURES], data: [row, other] } }],
    [
      'dataframe_split with index',
      { dataframe_split: { columns: [...HEART_FEATURES], index: [7, 8], data: [row, other] } },
    ],
    ['dataframe_records', { dataframe_records: [record(row), record(other)] }],
    ['instances as records', { instances: [record(row), record(other)] }],
    ['instances as rows', { instances: [row, other] }],
    ['instances as columns', { instances: columns([row, other]) }],
    ['inputs as records', { inputs: [record(row), record(other)] }],
    ['inputs as columns', { inputs: columns([row, other]) }],
    ['a format with params', { dataframe_records: [record(row), record(other)], params: { threshold: 0.5 } }],
  ])('reads %s into the same rows', (_name, input) => {
    expect(parseMlflowInput(input)).toEqual({ kind: 'ok', rows: [row, other] });
  });

  it('reads rows in canonical order whatever the column order', () => {
    const reversed = [...HEART_FEATURES].reverse();
    const parsed = parseMlflowInput(body(reversed, [[...row].reverse()]));
    expect(parsed).toEqual({ kind: 'ok', rows: [row] });
  });

  it('reads numeric strings and ignores extra columns', () => {
    const parsed = parseMlflowInput(body([...HEART_FEATURES, 'note'], [[...row.map(String), 'x']]));
    expect(parsed).toEqual({ kind: 'ok', rows: [row] });
  });

  it.each([
    [
      'a missing column',
      body(
        HEART_FEATURES.filter((f) => f !== 'chol'),
        [row.slice(0, 12)],
      ),
      /Missing feature column\(s\): chol/,
    ],
    [
      'a non-numeric cell',
      body([...HEART_FEATURES], [[...row.slice(0, 4), 'high', ...row.slice(5)]]),
      /"chol" in row 0 must be numeric/,
    ],
    ['a short row', body([...HEART_FEATURES], [row.slice(0, 5)]), /data\[0\]" must be an array of 13/],
    ['no input field', { data: [row] }, /exactly one of the input fields .*got "data"/],
    ['two input fields', { instances: [row], inputs: [row] }, /exactly one of the input fields/],
    ['a record without a feature', { dataframe_records: [{ age: 1 }] }, /\[0\]" is missing feature\(s\): sex/],
    ['columns of different lengths', { inputs: { ...columns([row]), age: [1, 2] } }, /same number of values/],
    ['a positional row of the wrong width', { instances: [[1, 2, 3]] }, /one per feature in order/],
    ['a scalar input', { inputs: 5 }, /list of rows or an object of columns/],
    ['columns not strings', { input_data: { columns: [1, 2], data: [] } }, /columns/],
    ['index of wrong length', body([...HEART_FEATURES], [row], { index: [0, 1] }), /index/],
    ['a null cell', body([...HEART_FEATURES], [[null, ...row.slice(1)]]), /"age" in row 0/],
  ])('refuses %s and says why', (_name, input, message) => {
    const parsed = parseMlflowInput(input);
    expect(parsed.kind).toBe('invalid');
    expect(parsed.kind === 'invalid' && parsed.message).toMatch(message);
  });
});
