// A small OpenID Connect issuer shaped like the Microsoft identity platform v2.0, over HTTP on `localhost` (another
// site than the API's 127.0.0.1, so the browser treats its redirects as cross-site): discovery, JWKS, an authorize
// page that signs in whoever the test chose and sends the browser back with a code, a token endpoint checking PKCE.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair, type KeyLike } from 'jose';

export interface IssuedUser {
  oid: string;
  name: string;
  roles: string[];
}

/** What to get wrong on purpose in the next sign-in. */
export interface Tampering {
  /** Redirect back with another `state` than the one the app sent. */
  state?: string;
  nonce?: string;
  audience?: string;
  /** Seconds from now; negative for a token that has already expired. */
  expiresIn?: number;
  /** Sign with a key that is not in the JWKS. */
  foreignKey?: boolean;
}

export interface OidcIssuer {
  /** The authority (ENTRA_AUTHORITY): `http://localhost:<port>`. */
  authority: string;
  tenant: string;
  clientId: string;
  clientSecret: string;
  /** Registers the app's redirect URI and returns the API's ENTRA_* settings for this issuer. */
  register(redirectUri: string): Record<string, string>;
  /** Who the next authorize request signs in, and how the answer is spoiled. */
  signInAs(user: IssuedUser, tampering?: Tampering): void;
  /** Codes redeemed at the token endpoint (after their PKCE verifier matched). */
  redeemed: number;
  stop(): Promise<void>;
}

interface Grant {
  user: IssuedUser;
  tampering: Tampering;
  challenge: string;
  nonce: string;
  redirectUri: string;
}

export async function startOidcIssuer(): Promise<OidcIssuer> {
  const tenant = randomUUID();
  const clientId = randomUUID();
  const clientSecret = randomBytes(24).toString('base64url');
  const kid = 'test-key';
  const signing = await generateKeyPair('RS256');
  const foreign = await generateKeyPair('RS256');
  const jwks = { keys: [{ ...(await exportJWK(signing.publicKey)), kid, use: 'sig', alg: 'RS256' }] };
  const grants = new Map<string, Grant>();
  let next: { user: IssuedUser; tampering: Tampering } | undefined;
  let redeemed = 0;
  let authority = '';
  let redirectUri = '';
  const issuer = () => `${authority}/${tenant}/v2.0`;

  const idToken = (grant: Grant) => {
    const now = Math.floor(Date.now() / 1000);
    const key: KeyLike = grant.tampering.foreignKey ? foreign.privateKey : signing.privateKey;
    return new SignJWT({
      oid: grant.user.oid,
      tid: tenant,
      preferred_username: grant.user.name,
      roles: grant.user.roles,
      nonce: grant.tampering.nonce ?? grant.nonce,
      ver: '2.0',
    })
      .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
      .setIssuer(issuer())
      .setSubject(`pairwise-${grant.user.oid}`)
      .setAudience(grant.tampering.audience ?? clientId)
      .setIssuedAt(now)
      .setNotBefore(now - 60)
      .setExpirationTime(now + (grant.tampering.expiresIn ?? 3600))
      .sign(key);
  };

  const routes: Record<string, (req: IncomingMessage, url: URL, res: ServerResponse) => Promise<void> | void> = {
    [`GET /${tenant}/v2.0/.well-known/openid-configuration`]: (_req, _url, res) =>
      json(res, 200, {
        issuer: issuer(),
        authorization_endpoint: `${authority}/${tenant}/oauth2/v2.0/authorize`,
        token_endpoint: `${authority}/${tenant}/oauth2/v2.0/token`,
        jwks_uri: `${authority}/${tenant}/discovery/v2.0/keys`,
        response_types_supported: ['code'],
        code_challenge_methods_supported: ['S256'],
        id_token_signing_alg_values_supported: ['RS256'],
      }),
    [`GET /${tenant}/discovery/v2.0/keys`]: (_req, _url, res) => json(res, 200, jwks),
    [`GET /${tenant}/oauth2/v2.0/authorize`]: (_req, url, res) => {
      const q = (name: string) => url.searchParams.get(name) ?? '';
      const wrong =
        q('client_id') !== clientId
          ? 'client_id'
          : q('redirect_uri') !== redirectUri
            ? 'redirect_uri'
            : q('response_type') !== 'code'
              ? 'response_type'
              : q('code_challenge_method') !== 'S256' || !q('code_challenge')
                ? 'code_challenge'
                : !q('scope').split(' ').includes('openid') || !q('nonce') || !q('state')
                  ? 'scope, nonce or state'
                  : undefined;
      if (wrong || !redirectUri) return json(res, 400, { error: 'invalid_request', error_description: `bad ${wrong}` });
      if (!next) return json(res, 400, { error: 'access_denied', error_description: 'the test chose no user' });
      const code = randomBytes(24).toString('base64url');
      grants.set(code, { ...next, challenge: q('code_challenge'), nonce: q('nonce'), redirectUri });
      const back = new URL(redirectUri);
      back.search = new URLSearchParams({ code, state: next.tampering.state ?? q('state') }).toString();
      // Like the real sign-in page: the user submits a form here, so the way back starts on this site, not the app's.
      res
        .writeHead(200, { 'content-type': 'text/html' })
        .end(
          `<!doctype html><title>Sign in</title><form method="post" action="/${tenant}/login">` +
            `<input type="hidden" name="back" value="${back.toString().replace(/&/g, '&amp;')}">` +
            `<button id="sign-in-as" type="submit">Sign in as ${next.user.name}</button></form>`,
        );
      next = undefined;
    },
    [`POST /${tenant}/login`]: async (req, _url, res) => {
      const back = new URLSearchParams(await bodyOf(req)).get('back') ?? '';
      if (!back.startsWith(`${redirectUri}?`)) return json(res, 400, { error: 'invalid_request' });
      res.writeHead(302, { location: back }).end();
    },
    [`POST /${tenant}/oauth2/v2.0/token`]: async (req, _url, res) => {
      const form = new URLSearchParams(await bodyOf(req));
      const grant = grants.get(form.get('code') ?? '');
      grants.delete(form.get('code') ?? ''); // a code is redeemed once
      const verifier = form.get('code_verifier') ?? '';
      const problem =
        form.get('grant_type') !== 'authorization_code' || !grant
          ? 'unknown or used code'
          : form.get('client_id') !== clientId || form.get('client_secret') !== clientSecret
            ? 'client authentication failed'
            : form.get('redirect_uri') !== grant.redirectUri
              ? 'redirect_uri does not match'
              : createHash('sha256').update(verifier).digest('base64url') !== grant.challenge
                ? 'PKCE verification failed'
                : undefined;
      if (problem || !grant) return json(res, 400, { error: 'invalid_grant', error_description: problem });
      redeemed += 1;
      json(res, 200, {
        token_type: 'Bearer',
        expires_in: 3600,
        access_token: 'opaque',
        id_token: await idToken(grant),
      });
    },
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', authority);
    const route = routes[`${req.method} ${url.pathname}`];
    if (!route) return json(res, 404, { error: 'not_found' });
    Promise.resolve(route(req, url, res)).catch((error: Error) => json(res, 500, { error: error.message }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  authority = `http://localhost:${(server.address() as AddressInfo).port}`;
  return {
    authority,
    tenant,
    clientId,
    clientSecret,
    register(uri) {
      redirectUri = uri;
      return {
        ENTRA_AUTHORITY: authority,
        ENTRA_TENANT_ID: tenant,
        ENTRA_CLIENT_ID: clientId,
        ENTRA_CLIENT_SECRET: clientSecret,
        ENTRA_REDIRECT_URI: uri,
      };
    },
    signInAs: (user, tampering = {}) => void (next = { user, tampering }),
    get redeemed() {
      return redeemed;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
