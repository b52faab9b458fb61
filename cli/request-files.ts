// `requestFile` in a plan's validate stage: the CLI reads the file (beside the plan) into `requestBodies`, since the
// API cannot read the caller's files. `.jsonl`/`.ndjson`: one body per line; any other name: one JSON body (e.g.
// Azure's `sample-request.json`).
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse } from 'yaml';
import { CliError } from './errors';
import { EXIT } from './exit-codes';

interface PlanText {
  text: string;
  contentType: string;
}

/** The plan unchanged when no stage names a request file; else as JSON with the files' bodies in place. */
export function resolveRequestFiles(plan: PlanText, planPath: string): PlanText {
  let doc: unknown;
  try {
    doc = parse(plan.text);
  } catch {
    return plan; // the API reports the syntax error
  }
  const planDir = planPath === '-' ? process.cwd() : dirname(resolve(planPath));
  const { plan: resolved, inlined } = inlineRequestFiles(doc, planDir);
  return inlined ? { text: JSON.stringify(resolved), contentType: 'application/json' } : plan;
}

/** The parsed plan with each validate stage's `requestFile` (relative to `planDir`) read into `requestBodies`. */
export function inlineRequestFiles(plan: unknown, planDir: string): { plan: unknown; inlined: boolean } {
  const stages = (plan as { stages?: unknown } | null)?.stages;
  if (!Array.isArray(stages) || !stages.some((s) => typeof s?.requestFile === 'string')) {
    return { plan, inlined: false };
  }
  const inlinedStages = (stages as Array<Record<string, unknown>>).map((stage) => {
    if (typeof stage?.requestFile !== 'string') return stage;
    const { requestFile, ...rest } = stage;
    return { ...rest, requestBodies: readBodies(resolve(planDir, requestFile)) };
  });
  return { plan: { ...(plan as object), stages: inlinedStages }, inlined: true };
}

function readBodies(path: string): unknown[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read request file ${path}: ${(error as NodeJS.ErrnoException).code}`, EXIT.usage);
  }
  const lines = /\.(jsonl|ndjson)$/i.test(path) ? text.split('\n').filter((l) => l.trim() !== '') : [text];
  return lines.map((line, i) => {
    try {
      return JSON.parse(line) as unknown;
    } catch (error) {
      const where = lines.length > 1 ? `${path} line ${i + 1}` : path;
      throw new CliError(`request file ${where} is not JSON: ${(error as Error).message}`, EXIT.usage);
    }
  });
}
