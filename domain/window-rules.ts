// Deployment windows and change freezes as admins define them: allow or deny, a cron start plus a duration (or a
// one-off start and end in local time), an IANA time zone, a scope and a reason. Every rule here is one a JSON Schema
// can state (patterns, enums), so the API's document says all the server enforces.
import { z } from 'zod';

/** `lo`..`hi` as a regex alternation (no leading zeros). */
const numbers = (lo: number, hi: number): string[] => Array.from({ length: hi - lo + 1 }, (_, i) => String(lo + i));
const anyOf = (items: string[]): string => `(?:${items.join('|')})`;

/** One cron field: `*`, `*\/step` (step at most `hi`), or a list of numbers and (where `ranges`) ascending ranges `a-b`. */
function cronField(lo: number, hi: number, ranges: boolean): string {
  const number = anyOf(numbers(lo, hi));
  const ascending = numbers(lo, hi - 1).map((a) => `${a}-${anyOf(numbers(Number(a) + 1, hi))}`);
  const item = ranges ? anyOf([...ascending, ...numbers(lo, hi)]) : number;
  // croner refuses a step larger than the field's range.
  return anyOf([`\\*(?:/${anyOf(numbers(1, hi))})?`, `${item}(?:,${item})*`]);
}

/**
 * Five fields, minute hour day-of-month month day-of-week (0 or 7 is Sunday), in the grammar croner accepts: ranges
 * only where a window's start commonly needs them (hours, months, weekdays) and always ascending.
 */
export const WINDOW_CRON = new RegExp(
  `^${[cronField(0, 59, false), cronField(0, 23, true), cronField(1, 31, false), cronField(1, 12, true), cronField(0, 7, true)].join(' ')}$`,
);

/** Every IANA zone this runtime knows, plus `UTC`. */
export const TIME_ZONES = ['UTC', ...Intl.supportedValuesOf('timeZone').filter((zone) => zone !== 'UTC')] as [
  string,
  ...string[],
];

const YEAR = '20\\d\\d';
const LEAP_YEAR = '20(?:0[048]|[2468][048]|[13579][26])';
const DAYS_IN_MONTH = [
  `${YEAR}-(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])`,
  `${YEAR}-(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)`,
  `${YEAR}-02-(?:0[1-9]|1\\d|2[0-8])`,
  `${LEAP_YEAR}-02-29`,
];

/**
 * A wall-clock time in the rule's zone, to the minute or second, on a day that exists (croner would roll 02-31 over
 * into March): `2026-12-24T00:00`. Years 2000-2099, where every fourth year is a leap year.
 */
export const LOCAL_TIME = new RegExp(`^(?:${DAYS_IN_MONTH.join('|')})T(?:[01]\\d|2[0-3]):[0-5]\\d(?::[0-5]\\d)?$`);

/** Endpoint names with `*` wildcards, e.g. `fraud-*`; `*` alone is every endpoint. */
export const ENDPOINT_PATTERN = /^[a-zA-Z0-9*-]{1,64}$/;

/** A plan duration with at most 6 digits (999999d fits a Date's range many times over). */
export const WINDOW_DURATION = /^\d{1,6}(?:ms|s|m|h|d)$/;

export const WINDOW_ID = /^[a-zA-Z][a-zA-Z0-9-]{2,62}$/;

const recurring = z
  .object({
    kind: z.literal('cron'),
    cron: z.string().regex(WINDOW_CRON, "must be a 5-field cron like '0 22 * * 5' (ascending ranges)"),
    duration: z.string().regex(WINDOW_DURATION, "must be a duration like '90m' or '60h' (at most 6 digits)"),
  })
  .strict();

const once = z
  .object({
    kind: z.literal('once'),
    start: z.string().regex(LOCAL_TIME, "must be a local time like '2026-12-24T00:00'"),
    end: z.string().regex(LOCAL_TIME, "must be a local time like '2026-12-27T00:00'"),
  })
  .strict();

export const windowRuleInputSchema = z
  .object({
    id: z.string().regex(WINDOW_ID, 'must be 3 to 63 letters, digits or dashes, starting with a letter').optional(),
    effect: z.enum(['allow', 'deny']),
    when: z.discriminatedUnion('kind', [recurring, once]),
    timeZone: z.enum(TIME_ZONES),
    scope: z
      .object({
        endpoints: z.string().regex(ENDPOINT_PATTERN, "must be an endpoint name, '*' wildcards allowed").default('*'),
        workspace: z.string().min(1).max(64).optional(),
      })
      .strict()
      .default({ endpoints: '*' }),
    // Not blank: the same ASCII white-space class as the API's reasons, which every regex engine reads alike.
    reason: z
      .string()
      .min(1)
      .max(500)
      .regex(/[^\t\n\v\f\r ]/, 'must not be blank'),
  })
  .strict();
export type WindowRuleInput = z.input<typeof windowRuleInputSchema>;

export const windowRuleSchema = windowRuleInputSchema.extend({
  id: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
});
export type WindowRule = z.infer<typeof windowRuleSchema>;

/** Whether a rule applies to the endpoint. */
export function inScope(rule: WindowRule, target: { endpoint: string; workspace: string }): boolean {
  const { endpoints, workspace } = rule.scope;
  if (workspace !== undefined && workspace !== target.workspace) return false;
  const pattern = endpoints.replace(/[-]/g, '\\-').replace(/\*/g, '.*');
  return new RegExp(`^${pattern}$`, 'i').test(target.endpoint);
}
