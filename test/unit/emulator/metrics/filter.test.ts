import { filterDimensions, matchesFilter, namedValues, parseFilter } from '../../../../emulator/metrics/filter';

describe('parseFilter', () => {
  it('reads eq, ne, and, or and parentheses, lower-casing dimension names', () => {
    const f = parseFilter("(deployment eq 'blue' or deployment eq 'green') and statusCodeClass ne '2xx'");
    expect(filterDimensions(f)).toEqual(['deployment', 'statuscodeclass']);
    expect(matchesFilter(f, { deployment: 'green', statuscodeclass: '5xx' })).toBe(true);
    expect(matchesFilter(f, { deployment: 'green', statuscodeclass: '2xx' })).toBe(false);
    expect(matchesFilter(f, { deployment: 'red', statuscodeclass: '5xx' })).toBe(false);
  });

  it("treats '*' as match-all (a split) and compares values case-insensitively", () => {
    const f = parseFilter("deployment eq '*' and statusCodeClass eq '5XX'");
    expect(matchesFilter(f, { deployment: 'anything', statuscodeclass: '5xx' })).toBe(true);
    expect(namedValues(f)).toBeUndefined();
  });

  it('lists the values named with eq', () => {
    expect(namedValues(parseFilter("deployment eq 'blue' or deployment eq 'green'"))).toEqual({
      deployment: ['blue', 'green'],
    });
    expect(namedValues(parseFilter("deployment ne 'blue'"))).toBeUndefined();
  });

  it("binds 'or' tighter than 'and', as Azure documents", () => {
    const f = parseFilter(
      "deployment eq 'green' and statusCode eq '200' or statusCode eq '424' and statusCodeClass eq '*'",
    );
    expect(matchesFilter(f, { deployment: 'green', statuscode: '424', statuscodeclass: '4xx' })).toBe(true);
    expect(matchesFilter(f, { deployment: 'blue', statuscode: '424', statuscodeclass: '4xx' })).toBe(false);
  });

  it('reads quotes escaped by doubling', () => {
    expect(parseFilter("deployment eq 'o''brien'")).toEqual({
      kind: 'cmp',
      dimension: 'deployment',
      op: 'eq',
      value: "o'brien",
    });
  });

  it.each([
    ["deployment eq 'blue' or statusCode eq '200'", /same dimension/],
    ["(deployment eq 'blue' and statusCode eq '200') or deployment eq 'green'", /same dimension/],
    ["deployment gt 'blue'", /must be eq or ne/],
    ['deployment eq blue', /quoted string/],
    ["deployment ne '*'", /'\*' can only be used with eq/],
    ["(deployment eq 'blue'", /missing "\)"/],
    ["deployment eq 'blue' statusCode", /unexpected/],
    ["deployment eq 'blue' & x", /cannot read/],
  ])('refuses %s', (text, message) => {
    expect(() => parseFilter(text)).toThrow(message);
  });
});
