// Temporal client errors → API errors: unknown workflow is 404, a refused update is 409 (or its own code), an
// unreachable server 503, a deadline 504.
import {
  QueryNotRegisteredError,
  QueryRejectedError,
  ServiceError,
  WorkflowFailedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  isGrpcDeadlineError,
  isGrpcServiceError,
} from '@temporalio/client';
import { ApplicationFailure, TemporalFailure } from '@temporalio/common';
import { STATUS, ApiError, type ApiErrorCode } from './errors';

/** gRPC status codes (from the gRPC spec) the API distinguishes. */
const grpcStatus = {
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  FAILED_PRECONDITION: 9,
  UNAVAILABLE: 14,
} as const;

function knownCode(type: string | undefined | null): ApiErrorCode | undefined {
  return type && type in STATUS ? (type as ApiErrorCode) : undefined;
}

/** The innermost ApplicationFailure of a failure chain, if any. */
function applicationFailure(error: unknown): ApplicationFailure | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 8; depth++) {
    if (current instanceof ApplicationFailure) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function grpcCode(error: unknown): number | undefined {
  if (isGrpcServiceError(error)) return error.code;
  if (error instanceof ServiceError && isGrpcServiceError(error.cause)) return error.cause.code;
  return undefined;
}

export function fromTemporal(error: unknown, what: string): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof WorkflowNotFoundError) return new ApiError('NotFound', `${what} not found`);
  if (error instanceof WorkflowUpdateFailedError || error instanceof WorkflowFailedError) {
    const failure = applicationFailure(error);
    const code = knownCode(failure?.type) ?? (error instanceof WorkflowUpdateFailedError ? 'InvalidState' : 'Internal');
    return new ApiError(
      code,
      failure?.message || (error.cause as TemporalFailure | undefined)?.message || error.message,
    );
  }
  if (error instanceof QueryRejectedError || error instanceof QueryNotRegisteredError) {
    return new ApiError('InvalidState', `${what} cannot be queried: ${error.message}`);
  }
  if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError || isGrpcDeadlineError(error)) {
    return new ApiError('Timeout', `${what}: no answer from the worker in time (is a worker running?)`);
  }
  const code = grpcCode(error);
  if (code === grpcStatus.INVALID_ARGUMENT)
    return new ApiError('InvalidRequest', `${what}: ${(error as Error).message}`);
  if (code === grpcStatus.NOT_FOUND) return new ApiError('NotFound', `${what} not found`);
  if (code === grpcStatus.UNAVAILABLE) return new ApiError('Unavailable', 'Temporal is unreachable');
  if (code === grpcStatus.DEADLINE_EXCEEDED) return new ApiError('Timeout', `${what}: Temporal did not answer in time`);
  if (code === grpcStatus.FAILED_PRECONDITION)
    return new ApiError('InvalidState', `${what}: ${(error as Error).message}`);
  return new ApiError('Internal', `${what}: ${(error as Error)?.message ?? String(error)}`);
}
