// A plan whose candidate is the deployment file a team already has: `candidate: {file: green-deployment.yml}`, and
// a first release's endpoint likewise (`endpointSpec: {file: endpoint.yml}`). The CLI reads each file (relative to
// the plan's folder) and sends the plan with it inline, as JSON; the API takes inline candidates and endpoints only.
// Validate stages' request files (request-files.ts) are read too; a plan without a file reference goes as written.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse } from 'yaml';
import { CliError } from './errors';
import { EXIT } from './exit-codes';
import { inlineRequestFiles } from './request-files';

type Doc = Record<string, unknown>;

const isDoc = (value: unknown): value is Doc => typeof value === 'object' && value !== null && !Array.isArray(value);

function readText(path: string, what: string): string {
  try {
    return readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new CliError(`cannot read ${what} ${path}: ${reason}`, EXIT.usage);
  }
}

function parseDoc(text: string, path: string): unknown {
  try {
    return parse(text) as unknown;
  } catch (error) {
    throw new CliError(`${path} is not YAML or JSON: ${(error as Error).message}`, EXIT.usage);
  }
}

/** The plan with `candidate.file` replaced by that file's deployment; the plan unchanged when it has none. */
export function inlineCandidateFile(plan: unknown, planDir: string): { plan: unknown; inlined: boolean } {
  return inlineFileField(plan, planDir, 'candidate', 'deployment');
}

/** A first release's `endpointSpec: {file: endpoint.yml}` replaced by that endpoint file, as the candidate's. */
export function inlineEndpointFile(plan: unknown, planDir: string): { plan: unknown; inlined: boolean } {
  return inlineFileField(plan, planDir, 'endpointSpec', 'endpoint');
}

function inlineFileField(
  plan: unknown,
  planDir: string,
  field: 'candidate' | 'endpointSpec',
  what: 'deployment' | 'endpoint',
): { plan: unknown; inlined: boolean } {
  const value = isDoc(plan) ? plan[field] : undefined;
  if (!isDoc(plan) || !isDoc(value) || !('file' in value)) return { plan, inlined: false };
  const { file, ...rest } = value;
  const named = `${what === 'endpoint' ? 'an' : 'a'} ${what}`;
  if (typeof file !== 'string' || file === '') {
    throw new CliError(`${field}.file: must name ${named} YAML file`, EXIT.usage);
  }
  if (Object.keys(rest).length > 0) {
    const fields = Object.keys(rest).join(', ');
    throw new CliError(
      `${field}: give the ${what} file alone (found also ${fields}): edit the file instead`,
      EXIT.usage,
    );
  }
  const path = resolve(planDir, file);
  const doc = parseDoc(readText(path, `the ${what} file`), path);
  if (!isDoc(doc)) throw new CliError(`${path} is not ${named}: expected a YAML mapping`, EXIT.usage);
  return { plan: { ...plan, [field]: doc }, inlined: true };
}

/** A plan file as the API takes it: the text as written, or JSON once a deployment file was inlined. */
export function readPlanFile(path: string): { text: string; contentType: string } {
  const text = readText(path, 'the plan');
  const contentType = path.endsWith('.json') ? 'application/json' : 'application/yaml';
  let doc: unknown;
  try {
    doc = parse(text) as unknown;
  } catch {
    return { text, contentType }; // the API names the syntax error
  }
  const planDir = path === '-' ? process.cwd() : dirname(resolve(path));
  const endpoint = inlineEndpointFile(doc, planDir);
  const candidate = inlineCandidateFile(endpoint.plan, planDir);
  const requests = inlineRequestFiles(candidate.plan, planDir);
  const inlined = endpoint.inlined || candidate.inlined || requests.inlined;
  return inlined ? { text: JSON.stringify(requests.plan), contentType: 'application/json' } : { text, contentType };
}
