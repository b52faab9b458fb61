// The closed set of error codes and, for each, its HTTP status and whether retrying can help. Activities throw the
// codes as ApplicationFailure types (retryable as the table says), the retry policies and the API read the table.
//
// Retryability is decided by what a caller would do on a second try:
// - Azure's transient answers (409 another operation in progress, 429, 5xx or the network) clear up: retry.
// - TrafficVerificationFailed: retry. setTraffic reads Azure's state, re-sends the PUT when it differs and reads it
//   back, so a second attempt repairs a lost or overtaken write; only a mismatch that outlasts the retries should
//   end a stage (and rollback keeps its own bounded loop around it).
// - MetricsUnavailable: retry; a query that still fails is counted by the gate (analysis.maxProviderErrors).
// - Unavailable (a dependency of ours, e.g. Temporal or a notification webhook, is unreachable): retry later; the
//   API answers 503 for the same reason.
// - Everything else is about the request itself (a bad plan, a missing resource, a refusal, a wrong state, a failed
//   long-running operation): the same request fails the same way, so it is final.
// A throw site may still decide per call (see activities/notify.ts: a webhook's 4xx is final).

export const ERRORS = {
  /** The plan breaks a schema rule or an Azure rule. */
  InvalidPlan: { status: 400, retryable: false },
  /** Endpoint, deployment, model version or rollout does not exist. */
  NotFound: { status: 404, retryable: false },
  /** The endpoint already has an active rollout. */
  RolloutActive: { status: 409, retryable: false },
  /** The control is not allowed in the rollout's current state. */
  InvalidState: { status: 409, retryable: false },
  /** Another operation is in progress on the endpoint. */
  AzureConflict: { status: 409, retryable: true },
  /** Azure answered 429. */
  AzureThrottled: { status: 503, retryable: true },
  /** Azure answered 5xx or 408, or the network failed. */
  AzureUnavailable: { status: 503, retryable: true },
  /** A long-running operation ended Failed (e.g. OutOfQuota). */
  AzureOperationFailed: { status: 502, retryable: false },
  /** Azure refused the request (4xx) for a reason retrying will not fix. */
  AzureRejected: { status: 422, retryable: false },
  /** The read-back after a traffic change did not match what was set. */
  TrafficVerificationFailed: { status: 502, retryable: true },
  /** The metrics provider failed or returned no data. */
  MetricsUnavailable: { status: 503, retryable: true },
  Unauthenticated: { status: 401, retryable: false },
  Forbidden: { status: 403, retryable: false },
  /** Our own dependency (Temporal, a notification webhook) is unreachable. */
  Unavailable: { status: 503, retryable: true },
} as const satisfies Record<string, { status: number; retryable: boolean }>;

export type ErrorCode = keyof typeof ERRORS;

export const ERROR_CODES = Object.keys(ERRORS) as ErrorCode[];

/** The codes a retry policy lists as `nonRetryableErrorTypes`. */
export const NON_RETRYABLE_CODES: readonly ErrorCode[] = ERROR_CODES.filter((code) => !ERRORS[code].retryable);

export function isRetryable(code: ErrorCode): boolean {
  return ERRORS[code].retryable;
}

export interface ErrorDetail {
  path?: string;
  rule?: string;
  message: string;
}

export class RolloutError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetail[];
  constructor(code: ErrorCode, message: string, options: { cause?: unknown; details?: ErrorDetail[] } = {}) {
    super(message, { cause: options.cause });
    this.name = 'RolloutError';
    this.code = code;
    this.details = options.details ?? [];
  }
}
