// The closed set of error codes. Activities throw them as ApplicationFailure types; the API maps them to HTTP statuses.

export type ErrorCode =
  | 'InvalidPlan' // the plan breaks a schema rule or an Azure rule
  | 'NotFound' // endpoint, deployment, model version or rollout does not exist
  | 'RolloutActive' // the endpoint already has an active rollout
  | 'InvalidState' // the control is not allowed in the rollout's current state
  | 'AzureConflict' // another operation is in progress on the endpoint (retryable)
  | 'AzureThrottled' // 429 (retryable)
  | 'AzureUnavailable' // 5xx or network failure (retryable)
  | 'AzureOperationFailed' // a long-running operation ended Failed (e.g. OutOfQuota)
  | 'AzureRejected' // Azure refused the request (4xx) for a reason retrying will not fix
  | 'TrafficVerificationFailed' // read-back after a traffic change did not match
  | 'MetricsUnavailable' // the metrics provider failed or returned no data
  | 'Unauthenticated'
  | 'Forbidden'
  | 'Unavailable'; // our own dependency (Temporal) is unreachable

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
