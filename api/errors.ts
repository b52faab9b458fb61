// One error shape for every route, `{ error: { code, message, details } }`, and one map from code to HTTP status.
import type { NextFunction, Request, Response } from 'express';
import { z } from 'zod';
import { auditLocals } from './audit-trail';
import { ERROR_CODES, ERRORS, RolloutError, type ErrorCode, type ErrorDetail } from '../domain/errors';

/** Statuses of the few codes only the HTTP layer produces; the domain's codes bring theirs from domain/errors.ts. */
const HTTP_ONLY = {
  InvalidRequest: 400,
  MethodNotAllowed: 405,
  PayloadTooLarge: 413,
  /** A caller over its rate limit or its share of event streams; Retry-After says when to come back. */
  RateLimited: 429,
  UnsupportedMediaType: 415,
  Timeout: 504,
  Internal: 500,
} as const;

export type ApiErrorCode = ErrorCode | keyof typeof HTTP_ONLY;

export const STATUS: Record<ApiErrorCode, number> = {
  ...(Object.fromEntries(ERROR_CODES.map((code) => [code, ERRORS[code].status])) as Record<ErrorCode, number>),
  ...HTTP_ONLY,
};

export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function zodDetails(error: z.ZodError, prefix: (string | number)[] = []): ErrorDetail[] {
  return error.issues.map((issue) => {
    const path = [...prefix, ...issue.path]
      .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i ? '.' : ''}${String(part)}`))
      .join('');
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : undefined;
    return {
      path: path || '(body)',
      rule: issue.code,
      message: keys
        ? `unknown field${keys.length > 1 ? 's' : ''} ${keys.map((k) => `'${k}'`).join(', ')}`
        : issue.message,
    };
  });
}

interface BodyParserError {
  type?: string;
  status?: number;
  message: string;
}

function fromBodyParser(error: BodyParserError): ApiError | undefined {
  switch (error.type) {
    case 'entity.parse.failed':
      return new ApiError('InvalidRequest', `malformed JSON: ${error.message}`);
    case 'entity.too.large':
      return new ApiError('PayloadTooLarge', `request body too large: ${error.message}`);
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new ApiError('UnsupportedMediaType', error.message);
    case 'request.aborted':
    case 'stream.encoding.set':
    case 'request.size.invalid':
      return new ApiError('InvalidRequest', error.message);
    default:
      return error.status && error.status >= 400 && error.status < 500
        ? new ApiError('InvalidRequest', error.message)
        : undefined;
  }
}

export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof RolloutError) return new ApiError(error.code, error.message, error.details);
  if (error instanceof z.ZodError) return new ApiError('InvalidRequest', 'invalid request', zodDetails(error));
  const parsed = error && typeof error === 'object' ? fromBodyParser(error as BodyParserError) : undefined;
  return parsed ?? new ApiError('Internal', 'internal error');
}

export function errorBody(error: ApiError) {
  return { error: { code: error.code, message: error.message, details: error.details, ...error.extra } };
}

export function errorHandler(log: { error(obj: unknown, msg: string): void }) {
  return (error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const apiError = toApiError(error);
    const status = STATUS[apiError.code];
    if (status >= 500) log.error({ err: error }, 'request failed');
    if (res.headersSent) return res.end();
    auditLocals(res).auditReason = `${apiError.code}: ${apiError.message}`;
    if (status === 401) res.set('WWW-Authenticate', 'Bearer');
    res.status(status).json(errorBody(apiError));
  };
}
