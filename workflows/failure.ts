// One description of a failure for event reasons and log lines. Activities throw ApplicationFailure with the error
// code as its type, and the workflow sees it wrapped (ActivityFailure → ApplicationFailure); the code is what an
// operator needs, so it leads. Structural checks, not instanceof (workflow code matches on `type`).

/** `Type: message` from the first typed failure in the cause chain; the plain message otherwise. */
export function describeFailure(error: unknown): string {
  for (let failure = error, depth = 0; isObject(failure) && depth < 10; failure = failure.cause, depth++) {
    if (typeof failure.type === 'string' && failure.type !== '') {
      return `${failure.type}: ${typeof failure.message === 'string' ? failure.message : ''}`;
    }
  }
  return error instanceof Error ? error.message : String(error);
}

function isObject(value: unknown): value is { type?: unknown; message?: unknown; cause?: unknown } {
  return typeof value === 'object' && value !== null;
}
