// The dashboard's session cookie and CSRF token: signed, expiring, bound to the key, and checked by authenticate().
import type { NextFunction, Request, Response } from 'express';
import { authenticate, type Principal } from '../../../api/auth';
import { CSRF_HEADER, SESSION_COOKIE, SESSION_TTL_MS, createSessionCodec } from '../../../api/ui/session';
import { esc, html } from '../../../api/ui/html';

const principal: Principal = { name: 'ana', roles: ['sre'], via: 'token' };
const KEY = 'k'.repeat(40);

describe('the session cookie', () => {
  it('round-trips the principal until it expires', () => {
    const codec = createSessionCodec(KEY);
    const cookie = codec.issue(principal, 1_000);
    expect(codec.read(cookie, 2_000)).toEqual(principal);
    expect(codec.read(cookie, 1_000 + SESSION_TTL_MS)).toBeUndefined();
  });

  it('is accepted by another instance with the same key only, and not when tampered with', () => {
    const cookie = createSessionCodec(KEY).issue(principal);
    expect(createSessionCodec(KEY).read(cookie)).toEqual(principal);
    expect(createSessionCodec('x'.repeat(40)).read(cookie)).toBeUndefined();
    expect(createSessionCodec().read(cookie)).toBeUndefined();
    const [payload, signature] = cookie.split('.');
    const forged = Buffer.from(JSON.stringify({ n: 'ana', r: ['admin'], v: 'token', e: Date.now() + 60_000 })).toString(
      'base64url',
    );
    expect(createSessionCodec(KEY).read(`${forged}.${signature}`)).toBeUndefined();
    expect(createSessionCodec(KEY).read(payload)).toBeUndefined();
  });

  it("keeps an Entra user's display name beside the object id", () => {
    const codec = createSessionCodec(KEY);
    const entra: Principal = { name: 'oid-1', displayName: 'ada@contoso.example', roles: ['viewer'], via: 'entra' };
    expect(codec.read(codec.issue(entra))).toEqual(entra);
  });

  it('seals other small values for one purpose until they expire', () => {
    const codec = createSessionCodec(KEY);
    const sealed = codec.seal('attempt', { state: 's' }, 60_000, 1_000);
    expect(codec.unseal('attempt', sealed, 2_000)).toEqual({ state: 's' });
    expect(codec.unseal('attempt', sealed, 61_000)).toBeUndefined();
    expect(codec.unseal('other', sealed, 2_000)).toBeUndefined();
    expect(codec.read(sealed, 2_000)).toBeUndefined(); // never a session
    expect(codec.unseal('attempt', codec.issue(principal, 1_000), 2_000)).toBeUndefined();
    const [, signature] = sealed.split('.');
    const forged = Buffer.from(JSON.stringify({ d: { state: 't' }, e: 61_000 })).toString('base64url');
    expect(codec.unseal('attempt', `${forged}.${signature}`, 2_000)).toBeUndefined();
  });

  it('has a CSRF token bound to the cookie', () => {
    const codec = createSessionCodec(KEY);
    const a = codec.issue(principal);
    const b = codec.issue({ ...principal, name: 'bo' });
    expect(codec.csrfMatches(a, codec.csrfFor(a))).toBe(true);
    expect(codec.csrfMatches(a, codec.csrfFor(b))).toBe(false);
    expect(codec.csrfMatches(a, undefined)).toBe(false);
    expect(codec.csrfMatches(a, '')).toBe(false);
  });
});

describe('authenticate() with a session', () => {
  const codec = createSessionCodec(KEY);
  const cookie = codec.issue(principal);
  const run = (method: string, headers: Record<string, string>) => {
    const req = { method, get: (name: string) => headers[name.toLowerCase()] } as unknown as Request;
    const res = { locals: {} } as Response;
    let passed: unknown = 'not called';
    const next: NextFunction = (error?: unknown) => {
      passed = error;
    };
    return authenticate({ lookupToken: () => undefined, session: codec })(req, res, next).then(() => ({ passed, res }));
  };

  it('accepts the cookie on reads and on writes with the CSRF header', async () => {
    const read = await run('GET', { cookie: `${SESSION_COOKIE}=${cookie}` });
    expect(read.passed).toBeUndefined();
    expect(read.res.locals.principal).toEqual(principal);
    const write = await run('POST', {
      cookie: `other=1; ${SESSION_COOKIE}=${cookie}`,
      [CSRF_HEADER]: codec.csrfFor(cookie),
    });
    expect(write.passed).toBeUndefined();
  });

  it('refuses a write without or with a wrong CSRF header (403), and a bad cookie (401)', async () => {
    const missing = await run('POST', { cookie: `${SESSION_COOKIE}=${cookie}` });
    expect(missing.passed).toMatchObject({ code: 'Forbidden' });
    const wrong = await run('POST', { cookie: `${SESSION_COOKIE}=${cookie}`, [CSRF_HEADER]: 'abc' });
    expect(wrong.passed).toMatchObject({ code: 'Forbidden' });
    const bad = await run('GET', { cookie: `${SESSION_COOKIE}=${cookie}x` });
    expect(bad.passed).toMatchObject({ code: 'Unauthenticated' });
  });

  it('leaves bearer requests as they were: the header wins over a cookie', async () => {
    const bearer = await run('POST', { authorization: 'Bearer nope', cookie: `${SESSION_COOKIE}=${cookie}` });
    expect(bearer.passed).toMatchObject({ code: 'Unauthenticated' });
  });
});

describe('html escaping', () => {
  it('escapes every interpolated value, not Html values', () => {
    expect(esc(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(
      html`<p>${'<script>'}</p>
        ${html`<b>${'&'}</b>`}`.text.replace(/\n\s*/g, ''),
    ).toBe('<p>&lt;script&gt;</p><b>&amp;</b>');
  });
});
