import { EXIT, EXIT_CODES_HELP, exitForHttpStatus, exitForState } from '../../../cli/exit-codes';

describe('exit codes', () => {
  it.each([
    ['Succeeded', 0],
    ['RolledBack', 3],
    ['Failed', 4],
    ['Refused', 6],
    ['Canary', undefined],
    ['AwaitingApproval', undefined],
  ])('a rollout in %s exits %s', (state, code) => {
    expect(exitForState(state)).toBe(code);
  });

  it.each([
    [400, 6],
    [404, 6],
    [409, 6],
    [422, 6],
    [401, 7],
    [403, 7],
    [500, 8],
    [503, 8],
  ])('an API answer %i exits %i', (status, code) => {
    expect(exitForHttpStatus(status)).toBe(code);
  });

  it('are distinct and each documented in the help', () => {
    const codes = Object.values(EXIT);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(EXIT_CODES_HELP).toMatch(new RegExp(`^ {2}${code} {2}\\S`, 'm'));
  });
});
