import { parse } from 'yaml';
import { formatTraffic, render, renderTable } from '../../../cli/output';

describe('renderTable', () => {
  it('pads each column to its widest cell, two spaces apart, with no trailing blanks', () => {
    expect(
      renderTable(
        ['ID', 'STATE', 'NOTE'],
        [
          ['a', 'Succeeded', ''],
          ['long-id', 'Canary', 'x'],
        ],
      ),
    ).toBe(['ID       STATE      NOTE', 'a        Succeeded', 'long-id  Canary     x'].join('\n'));
  });

  it('prints only the header when there are no rows', () => {
    expect(renderTable(['ID', 'STATE'], [])).toBe('ID  STATE');
  });
});

describe('formatTraffic', () => {
  it.each([
    [{ blue: 80, green: 20 }, 'blue 80%, green 20%'],
    [{ blue: 100, green: 0 }, 'blue 100%'],
    [{}, '-'],
    [undefined, '-'],
  ])('%j → %s', (map, text) => {
    expect(formatTraffic(map)).toBe(text);
  });
});

describe('render', () => {
  const data = { id: 'rollout:a/b/c/heart-ep', traffic: { blue: 100 }, gates: [] };

  it('gives JSON and YAML that parse back to the data, and the table otherwise', () => {
    expect(JSON.parse(render(data, 'json', () => 'table'))).toEqual(data);
    expect(parse(render(data, 'yaml', () => 'table'))).toEqual(data);
    expect(render(data, 'table', () => 'table')).toBe('table');
  });
});
