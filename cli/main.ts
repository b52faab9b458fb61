// Entry point: run the command; every failure becomes one clear line (plus detail lines) and its exit code.
import { CommanderError } from 'commander';
import { errorLines } from './errors';
import { EXIT } from './exit-codes';
import { buildProgram } from './program';

async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; commander has already printed its message.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    for (const line of errorLines(error)) process.stderr.write(`${line}\n`);
    return (error as { exitCode?: number }).exitCode ?? EXIT.error;
  }
}

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    for (const line of errorLines(error)) process.stderr.write(`${line}\n`);
    process.exitCode = EXIT.error;
  },
);
