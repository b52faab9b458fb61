// The dashboard's session: an HMAC-signed cookie carrying the principal and its expiry (no server-side state, so any
// API instance with the same UI_SESSION_KEY accepts it), and a CSRF token derived from the cookie by the same key.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import { ROLES, type Role } from '../roles';
import type { Principal } from '../auth';

export const SESSION_COOKIE = 'rollout_session';
export const CSRF_HEADER = 'x-csrf-token';
export const SESSION_TTL_MS = 8 * 3_600_000;

export interface SessionCodec {
  /** The cookie value for a principal, valid for SESSION_TTL_MS. */
  issue(principal: Principal, now?: number): string;
  /** The principal of a valid, unexpired cookie value. */
  read(value: string, now?: number): Principal | undefined;
  /** The CSRF token that goes with a cookie value. */
  csrfFor(value: string): string;
  csrfMatches(value: string, token: string | undefined): boolean;
  /** Any small value signed for one purpose until `now + ttlMs` (the Entra sign-in attempt's cookie). */
  seal(purpose: string, data: unknown, ttlMs: number, now?: number): string;
  /** A sealed value's data, when it was sealed for this purpose and has not expired. */
  unseal(purpose: string, value: string, now?: number): unknown;
}

const b64 = (data: Buffer | string) => Buffer.from(data).toString('base64url');

export function createSessionCodec(key?: string): SessionCodec {
  const secret = key ? Buffer.from(key, 'utf8') : randomBytes(32);
  const mac = (purpose: string, text: string) => createHmac('sha256', secret).update(`${purpose}\n${text}`).digest();
  const same = (a: Buffer, b: Buffer) => a.length === b.length && timingSafeEqual(a, b);
  return {
    issue(principal, now = Date.now()) {
      const payload = b64(
        JSON.stringify({
          n: principal.name,
          d: principal.displayName,
          r: principal.roles,
          v: principal.via,
          e: now + SESSION_TTL_MS,
        }),
      );
      return `${payload}.${b64(mac('session', payload))}`;
    },
    read(value, now = Date.now()) {
      const [payload, signature, ...rest] = value.split('.');
      if (!payload || !signature || rest.length) return undefined;
      if (!same(Buffer.from(signature, 'base64url'), mac('session', payload))) return undefined;
      try {
        const data = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
          n: string;
          d?: string;
          r: Role[];
          v: Principal['via'];
          e: number;
        };
        if (typeof data.e !== 'number' || data.e <= now || !Array.isArray(data.r)) return undefined;
        if (!data.r.every((role) => (ROLES as readonly string[]).includes(role))) return undefined;
        const displayName = typeof data.d === 'string' ? data.d : undefined;
        return { name: String(data.n), displayName, roles: data.r, via: data.v === 'entra' ? 'entra' : 'token' };
      } catch {
        return undefined;
      }
    },
    csrfFor: (value) => b64(mac('csrf', value)),
    csrfMatches: (value, token) =>
      typeof token === 'string' && same(Buffer.from(token, 'base64url'), mac('csrf', value)),
    seal(purpose, data, ttlMs, now = Date.now()) {
      const payload = b64(JSON.stringify({ d: data, e: now + ttlMs }));
      return `${payload}.${b64(mac(`sealed ${purpose}`, payload))}`;
    },
    unseal(purpose, value, now = Date.now()) {
      const [payload, signature, ...rest] = value.split('.');
      if (!payload || !signature || rest.length) return undefined;
      if (!same(Buffer.from(signature, 'base64url'), mac(`sealed ${purpose}`, payload))) return undefined;
      try {
        const sealed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { d: unknown; e: number };
        return typeof sealed.e === 'number' && sealed.e > now ? sealed.d : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

/** Signs the principal in: the same cookie however they proved who they are (token or Entra ID). */
export function setSessionCookie(req: Request, res: Response, session: SessionCodec, principal: Principal) {
  res.cookie(SESSION_COOKIE, session.issue(principal), {
    httpOnly: true,
    sameSite: 'strict',
    secure: req.secure,
    path: '/',
    maxAge: SESSION_TTL_MS,
  });
}

export function cookieOf(req: Request, name: string): string | undefined {
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return decodeURIComponent(part.slice(at + 1).trim());
  }
  return undefined;
}

export const SAFE_METHODS = ['GET', 'HEAD', 'OPTIONS'];
