import { parseScriptInput } from '../../../../emulator/model/script-input';

describe('parseScriptInput', () => {
  it('reads the rows of {"data": ...} as the sample score.py does', () => {
    const body = {
      data: [
        [1, 2, 3],
        ['4', 5, 6],
      ],
    };
    expect(parseScriptInput(body, 3)).toEqual({
      kind: 'ok',
      rows: [
        [1, 2, 3],
        [4, 5, 6],
      ],
    });
  });

  it.each([
    ['no data field', { input_data: [[1, 2, 3]] }, /\{"data": \[\[/],
    ['a row of the wrong width', { data: [[1, 2]] }, /"data\[0\]" must be an array of 3 numbers/],
    ['a non-numeric value', { data: [[1, 'x', 3]] }, /Value 1 in row 0 must be numeric/],
  ])('refuses %s and says why', (_name, body, message) => {
    const parsed = parseScriptInput(body, 3);
    expect(parsed.kind === 'invalid' && parsed.message).toMatch(message);
  });
});
