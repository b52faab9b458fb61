// Bearer authentication (hashed static tokens, optionally Microsoft Entra ID JWTs) and the role check per action.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { RolloutError } from '../domain/errors';
import type { TokenEntry } from './config';
import { mayAct, type Action, type Role } from './roles';
import { CSRF_HEADER, SAFE_METHODS, SESSION_COOKIE, cookieOf, type SessionCodec } from './ui/session';

export interface Principal {
  /** Recorded as the actor of every control: a stable id (the token's name; an Entra user's object id). */
  name: string;
  /** For display only (an Entra user's name claim, which can change): never matched against. */
  displayName?: string;
  roles: Role[];
  via: 'token' | 'entra';
}

/** Verifies a JWT and returns its principal, or undefined when the token is not acceptable. */
export type JwtVerifier = (token: string) => Promise<Principal | undefined>;

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function createTokenStore(entries: readonly TokenEntry[]) {
  const hashed = entries.map((entry) => ({ entry, digest: Buffer.from(entry.sha256, 'hex') }));
  return (token: string): Principal | undefined => {
    const digest = createHash('sha256').update(token, 'utf8').digest();
    // Compare against every entry so the time taken does not tell which one matched.
    let found: TokenEntry | undefined;
    for (const { entry, digest: expected } of hashed) {
      if (timingSafeEqual(digest, expected) && !found) found = entry;
    }
    return found && { name: found.name, roles: [found.role], via: 'token' };
  };
}

const looksLikeJwt = (token: string) => /^[\w-]+\.[\w-]+\.[\w-]+$/.test(token);

export interface AuthOptions {
  lookupToken: (token: string) => Principal | undefined;
  verifyJwt?: JwtVerifier;
  /** The dashboard's session cookie, accepted when no bearer token is sent; state changes then need the CSRF header. */
  session?: SessionCodec;
}

export function authenticate(options: AuthOptions) {
  return async (req: Request, response: Response, next: NextFunction) => {
    const header = req.get('authorization') ?? '';
    const cookie = options.session && !header ? cookieOf(req, SESSION_COOKIE) : undefined;
    if (options.session && cookie) {
      const fromSession = options.session.read(cookie);
      if (!fromSession)
        return next(new RolloutError('Unauthenticated', 'the session has expired or is invalid: sign in again'));
      if (!SAFE_METHODS.includes(req.method) && !options.session.csrfMatches(cookie, req.get(CSRF_HEADER))) {
        return next(new RolloutError('Forbidden', `missing or invalid CSRF token: send the ${CSRF_HEADER} header`));
      }
      locals(response).principal = fromSession;
      return next();
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match)
      return next(new RolloutError('Unauthenticated', 'missing bearer token: send Authorization: Bearer <token>'));
    const token = match[1];
    let principal = options.lookupToken(token);
    if (!principal && options.verifyJwt && looksLikeJwt(token)) principal = await options.verifyJwt(token);
    if (!principal) return next(new RolloutError('Unauthenticated', 'invalid or expired bearer token'));
    locals(response).principal = principal;
    next();
  };
}

function locals(response: Response): { principal?: Principal } {
  return response.locals as { principal?: Principal };
}

export function principalOf(response: Response): Principal {
  const principal = locals(response).principal;
  if (!principal) throw new RolloutError('Unauthenticated', 'no authenticated principal');
  return principal;
}

export function requireAction(action: Action) {
  return (_req: Request, response: Response, next: NextFunction) => {
    const principal = principalOf(response);
    if (mayAct(principal.roles, action)) return next();
    next(
      new RolloutError('Forbidden', `role ${principal.roles.join(', ') || '(none)'} may not ${action}`, {
        details: [{ rule: 'role', message: `'${action}' needs one of: ${rolesFor(action).join(', ')}` }],
      }),
    );
  };
}

function rolesFor(action: Action): Role[] {
  return (['viewer', 'release-manager', 'sre', 'admin'] as const).filter((role) => mayAct([role], action));
}
