// The one error the CLI reports: a message line, detail lines and the exit code. Nothing else reaches the user.
import { EXIT, type ExitCode } from './exit-codes';

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode = EXIT.error,
    readonly details: string[] = [],
  ) {
    super(message);
  }
}

/** The lines printed to stderr for an error. */
export function errorLines(error: unknown): string[] {
  if (error instanceof CliError) return [`error: ${error.message}`, ...error.details.map((d) => `  - ${d}`)];
  return [`error: ${error instanceof Error ? error.message : String(error)}`];
}
