// Methods the OpenAPI document does not declare on one of its paths answer 405 with `Allow` (RFC 9110 §15.5.6), and
// OPTIONS answers 204 with the same list, so the document and the server agree on which methods exist.
import type { NextFunction, Request, Response } from 'express';
import { ApiError } from './errors';

interface PathMethods {
  pattern: RegExp;
  allow: string[];
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** `/rollouts/{id}/events` → a matcher of one path segment per template parameter. */
function templatePattern(template: string): RegExp {
  const escaped = template
    .split(/\{[^}]+\}/)
    .map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
    .join('[^/]+');
  return new RegExp(`^${escaped}/?$`, 'i'); // express matches paths case-insensitively
}

/** Each documented path with the methods it answers: the declared ones, HEAD with GET (express serves it), OPTIONS. */
export function allowedMethods(paths: Record<string, object>): PathMethods[] {
  return Object.entries(paths).map(([template, item]) => {
    const declared = Object.keys(item).filter((key) => HTTP_METHODS.includes(key));
    const methods = new Set(declared.map((m) => m.toUpperCase()));
    if (methods.has('GET')) methods.add('HEAD');
    methods.add('OPTIONS');
    return { pattern: templatePattern(template), allow: [...methods].sort() };
  });
}

/** The middleware: documented methods pass on, OPTIONS is answered, anything else on a known path is a 405. */
export function methodNotAllowed(paths: Record<string, object>) {
  const table = allowedMethods(paths);
  return (req: Request, res: Response, next: NextFunction) => {
    const entry = table.find((row) => row.pattern.test(req.path));
    if (!entry || (req.method !== 'OPTIONS' && entry.allow.includes(req.method))) return next();
    res.set('Allow', entry.allow.join(', '));
    if (req.method === 'OPTIONS') return res.status(204).end();
    next(
      new ApiError('MethodNotAllowed', `${req.method} is not allowed on ${req.path}: use ${entry.allow.join(', ')}`),
    );
  };
}
