import { HEART_FEATURES } from '../../../../emulator/model/features';
import { parseMlflowInput } from '../../../../emulator/model/mlflow-input';

const row = [63, 1, 4, 145, 233, 1, 2, 150, 0, 2.3, 3, 0, 6];
const body = (columns: string[], data: unknown[][], extra: Record<string, unknown> = {}): unknown => ({
  input_data: { columns, index: data.map((_, i) => i), data, ...extra },
});

describe('parseMlflowInput', () => {
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
    ['no input_data', { data: [row] }, /"input_data"/],
    ['columns not strings', { input_data: { columns: [1, 2], data: [] } }, /columns/],
    ['index of wrong length', body([...HEART_FEATURES], [row], { index: [0, 1] }), /index/],
    ['a null cell', body([...HEART_FEATURES], [[null, ...row.slice(1)]]), /"age" in row 0/],
  ])('refuses %s and says why', (_name, input, message) => {
    const parsed = parseMlflowInput(input);
    expect(parsed.kind).toBe('invalid');
    expect(parsed.kind === 'invalid' && parsed.message).toMatch(message);
  });
});
