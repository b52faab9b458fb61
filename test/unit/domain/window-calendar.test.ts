import { Cron } from 'croner';
import { activeSpan, checkWindows } from '../../../domain/window-calendar';
import { LOCAL_TIME, WINDOW_CRON, windowRuleSchema, type WindowRule } from '../../../domain/window-rules';

const target = { endpoint: 'fraud-scoring', workspace: 'ws' };
const t = (iso: string) => Date.parse(iso);

function rule(fields: Partial<WindowRule> & Pick<WindowRule, 'effect' | 'when'>): WindowRule {
  return windowRuleSchema.parse({
    id: 'r1',
    timeZone: 'UTC',
    reason: 'because',
    createdBy: 'admin',
    createdAt: '2026-01-01T00:00:00Z',
    ...fields,
  });
}

describe('checkWindows', () => {
  const weekendFreeze = rule({
    id: 'weekend',
    effect: 'deny',
    when: { kind: 'cron', cron: '0 18 * * 5', duration: '60h' },
    timeZone: 'Europe/Berlin',
    reason: 'weekend freeze',
  });

  it.each([
    ['Friday 16:59 UTC (17:59 Berlin), before the freeze', '2026-12-04T16:59:00Z', true, undefined],
    ['Friday 17:00 UTC (18:00 Berlin), as it starts', '2026-12-04T17:00:00Z', false, '2026-12-07T05:00:00.000Z'],
    ['Sunday noon, inside', '2026-12-06T12:00:00Z', false, '2026-12-07T05:00:00.000Z'],
    ['Monday 06:00 Berlin, as it ends', '2026-12-07T05:00:00Z', true, undefined],
  ])('holds on a deny window: %s', (_name, at, open, opensAt) => {
    const check = checkWindows([weekendFreeze], target, t(at));
    expect(check.open).toBe(open);
    if (!check.open)
      expect(check.hold).toEqual({ ruleId: 'weekend', effect: 'deny', reason: 'weekend freeze', opensAt });
  });

  it('holds outside every allow window and opens at the next one, in its time zone', () => {
    const office = rule({
      id: 'office',
      effect: 'allow',
      when: { kind: 'cron', cron: '0 9 * * 1-5', duration: '8h' },
      timeZone: 'America/New_York',
      reason: 'office hours only',
    });
    expect(checkWindows([office], target, t('2026-12-07T15:00:00Z')).open).toBe(true);
    expect(checkWindows([office], target, t('2026-12-07T22:30:00Z'))).toEqual({
      open: false,
      hold: { ruleId: 'office', effect: 'allow', reason: 'office hours only', opensAt: '2026-12-08T14:00:00.000Z' },
    });
  });

  it('opens only when the allow window starts outside every deny window', () => {
    const nightly = rule({ id: 'nightly', effect: 'allow', when: { kind: 'cron', cron: '0 1 * * *', duration: '2h' } });
    const holiday = rule({
      id: 'holiday',
      effect: 'deny',
      when: { kind: 'once', start: '2026-12-24T00:00', end: '2026-12-27T00:00' },
      reason: 'holiday freeze',
    });
    const check = checkWindows([nightly, holiday], target, t('2026-12-24T02:00:00Z'));
    expect(check).toEqual({
      open: false,
      hold: { ruleId: 'holiday', effect: 'deny', reason: 'holiday freeze', opensAt: '2026-12-27T01:00:00.000Z' },
    });
  });

  it('ignores rules scoped to other endpoints or workspaces', () => {
    const always = { kind: 'once' as const, start: '2026-01-01T00:00', end: '2027-01-01T00:00' };
    const other = rule({ effect: 'deny', when: always, scope: { endpoints: 'search-*' } });
    const otherWs = rule({ effect: 'deny', when: always, scope: { endpoints: 'fraud-*', workspace: 'prod' } });
    const mine = rule({ id: 'mine', effect: 'deny', when: always, scope: { endpoints: 'fraud-*' } });
    expect(checkWindows([other, otherWs], target, t('2026-06-01T00:00:00Z')).open).toBe(true);
    expect(checkWindows([other, mine], target, t('2026-06-01T00:00:00Z'))).toMatchObject({ hold: { ruleId: 'mine' } });
  });

  it('has no opening when the only allow window never comes again', () => {
    const past = rule({ effect: 'allow', when: { kind: 'once', start: '2025-01-01T00:00', end: '2025-01-02T00:00' } });
    expect(checkWindows([past], target, t('2026-06-01T00:00:00Z'))).toMatchObject({ open: false, hold: {} });
    const check = checkWindows([past], target, t('2026-06-01T00:00:00Z'));
    expect(!check.open && check.hold.opensAt).toBeUndefined();
  });
});

describe('activeSpan across daylight saving time', () => {
  it('keeps a local start across the spring change (New York 09:00 is 14:00 then 13:00 UTC)', () => {
    const daily = rule({
      effect: 'deny',
      when: { kind: 'cron', cron: '0 9 * * *', duration: '1h' },
      timeZone: 'America/New_York',
    });
    expect(activeSpan(daily, t('2026-03-07T14:30:00Z'))).toEqual({
      start: t('2026-03-07T14:00:00Z'),
      end: t('2026-03-07T15:00:00Z'),
    });
    expect(activeSpan(daily, t('2026-03-09T13:30:00Z'))).toEqual({
      start: t('2026-03-09T13:00:00Z'),
      end: t('2026-03-09T14:00:00Z'),
    });
    expect(activeSpan(daily, t('2026-03-09T14:30:00Z'))).toBeUndefined();
  });

  it('starts a window whose local start does not exist (Berlin 02:30 on the spring change) at 03:00', () => {
    const nightly = rule({
      effect: 'deny',
      when: { kind: 'cron', cron: '30 2 * * *', duration: '30m' },
      timeZone: 'Europe/Berlin',
    });
    expect(activeSpan(nightly, t('2026-03-29T01:10:00Z'))).toEqual({
      start: t('2026-03-29T01:00:00Z'),
      end: t('2026-03-29T01:30:00Z'),
    });
  });

  it('measures a window by elapsed time across the autumn change (a one-off 00:00 to 06:00 is 7 hours)', () => {
    const night = rule({
      effect: 'deny',
      when: { kind: 'once', start: '2026-10-25T00:00', end: '2026-10-25T06:00' },
      timeZone: 'Europe/Berlin',
    });
    expect(activeSpan(night, t('2026-10-25T03:00:00Z'))).toEqual({
      start: t('2026-10-24T22:00:00Z'),
      end: t('2026-10-25T05:00:00Z'),
    });
  });

  it('merges overlapping occurrences into one span', () => {
    const long = rule({ effect: 'deny', when: { kind: 'cron', cron: '0 0 * * 1,2', duration: '36h' } });
    expect(activeSpan(long, t('2026-05-04T06:00:00Z'))).toEqual({
      start: t('2026-05-04T00:00:00Z'),
      end: t('2026-05-06T12:00:00Z'),
    });
    const endless = rule({ effect: 'deny', when: { kind: 'cron', cron: '0 0 * * *', duration: '36h' } });
    expect(checkWindows([endless], target, t('2026-05-04T06:00:00Z'))).toMatchObject({
      open: false,
      hold: { ruleId: 'r1' },
    });
  });
});

describe('a freeze with no gap', () => {
  it('holds without a known opening, quickly, when every minute starts a 2-minute window', () => {
    const rolling = rule({ effect: 'deny', when: { kind: 'cron', cron: '* * * * *', duration: '2m' } });
    const started = Date.now();
    expect(checkWindows([rolling], target, t('2026-12-06T10:00:30Z'))).toEqual({
      open: false,
      hold: { ruleId: 'r1', effect: 'deny', reason: 'because' },
    });
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});

describe('WINDOW_CRON', () => {
  it.each([
    '0 22 * * 5',
    '0 9 * * 1-5',
    '*/15 8-17 * * 1-5',
    '0 0 1,15 * *',
    '30 2 * 1-3 0,6',
    '*/59 */23 */31 */12 */7',
  ])('accepts %s, which croner parses', (pattern) => {
    expect(WINDOW_CRON.test(pattern)).toBe(true);
    expect(() => new Cron(pattern, { paused: true })).not.toThrow();
  });

  it.each([
    '5-3 * * * *',
    '0 9 * * 8',
    '60 * * * *',
    '5/15 * * * *',
    '0 0 * * * *',
    '@daily',
    '0 23-22 * * *',
    '*/60 * * * *',
  ])('refuses %s', (pattern) => expect(WINDOW_CRON.test(pattern)).toBe(false));
});

describe('LOCAL_TIME', () => {
  it.each(['2026-12-24T00:00', '2026-04-30T23:59:59', '2028-02-29T12:00', '2000-02-29T00:00'])('accepts %s', (time) =>
    expect(LOCAL_TIME.test(time)).toBe(true),
  );

  it.each([
    '2026-02-29T00:00',
    '2026-04-31T00:00',
    '2026-02-31T00:00',
    '2100-02-29T00:00',
    '2026-12-24T24:00',
    '2026-12-24',
  ])('refuses %s, which croner would roll over or misread', (time) => expect(LOCAL_TIME.test(time)).toBe(false));
});
