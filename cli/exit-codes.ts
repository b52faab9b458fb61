// The CLI's exit codes, one per thing a pipeline would act on differently, and the mappings to them.
import type { RolloutState } from '../domain/status';

export const EXIT = {
  ok: 0,
  error: 1,
  usage: 2,
  rolledBack: 3,
  failed: 4,
  timedOut: 5,
  refused: 6,
  unauthorized: 7,
  unreachable: 8,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** For `rollout --help` and the README. */
export const EXIT_CODES_HELP = `Exit codes:
  0  succeeded (a read or a control done; a waited-for rollout succeeded or reached --wait-for)
  1  unexpected error in the CLI
  2  usage error (bad arguments, no API URL or token configured)
  3  the rollout was rolled back
  4  the rollout failed (rollback could not be verified; control of traffic needs a human)
  5  timed out (--timeout passed before the rollout reached the state waited for)
  6  refused by the API (400 invalid request or plan, 404 unknown id, 409 not allowed in this state, 422), or a
     rollout that ended Refused (its plan did not fit the endpoint; nothing changed)
  7  not authenticated or not allowed (401 wrong or missing token, 403 role may not act)
  8  API unreachable or unavailable (network error, 5xx)`;

/** A rollout's final state → the exit code; undefined while it still runs. */
export function exitForState(state: RolloutState | string): ExitCode | undefined {
  switch (state) {
    case 'Succeeded':
      return EXIT.ok;
    case 'RolledBack':
      return EXIT.rolledBack;
    case 'Failed':
      return EXIT.failed;
    case 'Refused':
      return EXIT.refused;
    default:
      return undefined;
  }
}

/** An HTTP error status of the API → the exit code. */
export function exitForHttpStatus(status: number): ExitCode {
  if (status === 401 || status === 403) return EXIT.unauthorized;
  if (status >= 400 && status < 500) return EXIT.refused;
  if (status >= 500) return EXIT.unreachable;
  return EXIT.error;
}
