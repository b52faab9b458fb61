// Azure's ARM error shape, `{ error: { code, message, details, additionalInfo } }`, thrown by handlers and
// rendered by one error middleware so every refusal looks like Azure's.
import type { ErrorRequestHandler, Response } from 'express';

export class ArmError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ArmError';
  }
}

export const badArgument = (message: string) => new ArmError(400, 'BadArgument', message);
export const notFound = (what: string) => new ArmError(404, 'ResourceNotFound', `${what} was not found.`);
export const conflict = (message: string) => new ArmError(409, 'Conflict', message);

export function armErrorBody(code: string, message: string) {
  return { error: { code, message, details: [], additionalInfo: [] } };
}

export function sendArmError(res: Response, err: ArmError): void {
  for (const [name, value] of Object.entries(err.headers)) res.setHeader(name, value);
  res.status(err.status).json(armErrorBody(err.code, err.message));
}

interface BodyParserError {
  type?: string;
  status?: number;
  limit?: number;
}

/** Maps thrown errors (ours and body-parser's) to Azure's error body. */
export const armErrorHandler: ErrorRequestHandler = (err, _req, res, _next) => {
  if (err instanceof ArmError) return sendArmError(res, err);
  const parser = err as BodyParserError;
  if (parser.type === 'entity.parse.failed') {
    return sendArmError(
      res,
      new ArmError(400, 'InvalidRequestContent', `The request content is not valid JSON: ${(err as Error).message}`),
    );
  }
  if (parser.type === 'entity.too.large') {
    return sendArmError(
      res,
      new ArmError(413, 'RequestEntityTooLarge', `The request content exceeds the limit of ${parser.limit} bytes.`),
    );
  }
  if (typeof parser.status === 'number' && parser.status >= 400 && parser.status < 500) {
    return sendArmError(res, new ArmError(parser.status, 'BadRequest', (err as Error).message));
  }
  res.status(500).json(armErrorBody('InternalServerError', `The emulator failed: ${(err as Error).message}`));
};
