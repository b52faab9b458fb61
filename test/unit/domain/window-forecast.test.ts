import { forecastWindows } from '../../../domain/window-forecast';
import { windowRuleSchema } from '../../../domain/window-rules';

const target = { endpoint: 'heart-ep', workspace: 'ws' };
const freeze = windowRuleSchema.parse({
  id: 'release-freeze',
  effect: 'deny',
  when: { kind: 'once', start: '2026-12-06T10:00', end: '2026-12-06T12:00' },
  timeZone: 'UTC',
  reason: 'release freeze',
  createdBy: 'admin',
  createdAt: '2026-12-01T00:00:00Z',
});
const step = (index: number, kind: 'deploy' | 'canary' | 'approval' | 'promote', minutes: number | null) => ({
  index,
  kind,
  maxDurationMs: minutes === null ? null : minutes * 60_000,
});

describe('forecastWindows', () => {
  it('holds the canary step that would start inside the freeze, and moves the later stages to its end', () => {
    const now = Date.parse('2026-12-06T09:30:00Z');
    const forecast = forecastWindows(
      [step(0, 'deploy', 0), step(1, 'canary', 40), step(2, 'canary', 20), step(3, 'promote', 10)],
      [freeze],
      target,
      now,
    );
    expect(forecast).toEqual([
      { stageIndex: 1, stage: 'canary', startsAt: '2026-12-06T09:30:00.000Z' },
      {
        stageIndex: 2,
        stage: 'canary',
        startsAt: '2026-12-06T10:10:00.000Z',
        hold: {
          ruleId: 'release-freeze',
          effect: 'deny',
          reason: 'release freeze',
          opensAt: '2026-12-06T12:00:00.000Z',
        },
      },
      { stageIndex: 3, stage: 'promote', startsAt: '2026-12-06T12:20:00.000Z' },
    ]);
  });

  it('cannot place the stages after an approval that may wait for ever', () => {
    const now = Date.parse('2026-12-06T09:30:00Z');
    const forecast = forecastWindows([step(0, 'approval', null), step(1, 'promote', 0)], [freeze], target, now);
    expect(forecast).toEqual([{ stageIndex: 1, stage: 'promote', startsAt: null }]);
  });

  it('does not place a stage planned past the horizon (a watch of 852426020278m)', () => {
    const now = Date.parse('2026-12-06T09:30:00Z');
    const steps = [step(0, 'promote', 852_426_020_278), step(1, 'canary', 1), step(2, 'promote', 0)];
    expect(forecastWindows(steps, [freeze], target, now).map((f) => f.startsAt)).toEqual([
      '2026-12-06T09:30:00.000Z',
      null,
      null,
    ]);
  });
});
