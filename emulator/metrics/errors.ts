// A refused metrics query, carrying Azure's status and error code; each API renders it in its own body shape.

export class MetricsError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const badRequest = (message: string): MetricsError => new MetricsError(400, 'BadRequest', message);
