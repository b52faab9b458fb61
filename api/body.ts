// Request bodies: JSON, or YAML for plans, under one size limit; malformed input becomes a 400 that says where.
import express, { type NextFunction, type Request, type Response } from 'express';
import YAML from 'yaml';
import { ApiError } from './errors';

const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml'];

function parseYaml(text: string): unknown {
  const doc = YAML.parseDocument(text, { uniqueKeys: true, prettyErrors: true, strict: true });
  const problem = doc.errors[0];
  if (problem) {
    const where = problem.linePos?.[0] ? ` at line ${problem.linePos[0].line}, column ${problem.linePos[0].col}` : '';
    throw new ApiError('InvalidRequest', `malformed YAML${where}: ${problem.message.split('\n')[0]}`);
  }
  try {
    return doc.toJS({ maxAliasCount: 50 });
  } catch (error) {
    throw new ApiError('InvalidRequest', `malformed YAML: ${(error as Error).message}`);
  }
}

/** JSON everywhere; YAML too where `allowYaml` (plans). Anything else with a body is 415. */
/** A plan, or a body that holds one: JSON, or YAML with `Content-Type: application/yaml`. */
export const parsePlanBody = (limit: string) => parseBody(limit, { allowYaml: true });

export function parseBody(limit: string, options: { allowYaml?: boolean } = {}) {
  const json = express.json({ limit, strict: true, type: ['application/json', 'application/*+json'] });
  const text = express.text({ limit, type: YAML_TYPES });
  const finish = (req: Request, next: NextFunction) => {
    try {
      if (req.is(YAML_TYPES)) {
        if (!options.allowYaml) throw new ApiError('UnsupportedMediaType', 'this route accepts application/json only');
        req.body = parseYaml(typeof req.body === 'string' ? req.body : '');
      } else if (req.body === undefined) {
        const length = Number(req.get('content-length') ?? 0);
        if (length > 0 || req.get('transfer-encoding')) {
          const accepted = options.allowYaml ? 'application/json or application/yaml' : 'application/json';
          throw new ApiError(
            'UnsupportedMediaType',
            `unsupported Content-Type '${req.get('content-type') ?? '(none)'}': send ${accepted}`,
          );
        }
        req.body = {};
      }
      next();
    } catch (error) {
      next(error);
    }
  };
  return (req: Request, res: Response, next: NextFunction) => {
    json(req, res, (jsonError?: unknown) => {
      if (jsonError) return next(jsonError);
      text(req, res, (textError?: unknown) => (textError ? next(textError) : finish(req, next)));
    });
  };
}
