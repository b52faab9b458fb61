// OpenID Connect sign-in against the Microsoft identity platform (v2.0): the authorization-code flow with PKCE, and
// the ID token checked with jose (signature via the tenant's JWKS, issuer, audience = client id, expiry, and the
// attempt's nonce).
import { createHash, randomBytes } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { z } from 'zod';
import type { Principal } from './auth';
import type { EntraSignInConfig } from './config';
import { entraPrincipal } from './entra';

/** One sign-in attempt's secrets: kept by the browser (signed) between the redirect out and the callback. */
export interface SignInAttempt {
  state: string;
  nonce: string;
  /** The PKCE code verifier; only its S256 challenge leaves with the redirect. */
  verifier: string;
}

/** A sign-in that must not go through; the message is shown to the user. */
export class SignInRefused extends Error {
  override name = 'SignInRefused';
}

const SCOPE = 'openid profile';
const CLOCK_TOLERANCE_S = 60;

const secret = () => randomBytes(32).toString('base64url');
export const newAttempt = (): SignInAttempt => ({ state: secret(), nonce: secret(), verifier: secret() });
export const pkceChallenge = (verifier: string) => createHash('sha256').update(verifier, 'ascii').digest('base64url');

const discoverySchema = z.object({
  issuer: z.string().url(),
  authorization_endpoint: z.string().url(),
  token_endpoint: z.string().url(),
  jwks_uri: z.string().url(),
});
export type Discovery = z.infer<typeof discoverySchema>;

export function authorizeUrl(discovery: Discovery, config: EntraSignInConfig, attempt: SignInAttempt): string {
  const url = new URL(discovery.authorization_endpoint);
  url.search = new URLSearchParams({
    client_id: config.clientId,
    response_type: 'code',
    response_mode: 'query',
    redirect_uri: config.redirectUri,
    scope: SCOPE,
    state: attempt.state,
    nonce: attempt.nonce,
    code_challenge: pkceChallenge(attempt.verifier),
    code_challenge_method: 'S256',
  }).toString();
  return url.toString();
}

/** What jwtVerify does not check: this attempt's nonce, and `azp` when the token names several audiences. */
export function idTokenProblem(payload: JWTPayload, clientId: string, nonce: string): string | undefined {
  if (payload.nonce !== nonce) return 'the ID token was not issued for this sign-in (nonce)';
  if (Array.isArray(payload.aud) && payload.aud.length > 1 && payload.azp !== clientId) {
    return 'the ID token was issued to another client (azp)';
  }
  return undefined;
}

export interface OidcClient {
  /** Where to send the browser for this attempt. */
  authorizeUrl(attempt: SignInAttempt): Promise<string>;
  /** The signed-in user for the code the callback received, or SignInRefused. */
  redeem(code: string, attempt: SignInAttempt): Promise<Principal>;
}

export function createOidcClient(config: EntraSignInConfig, fetchImpl: typeof fetch = fetch): OidcClient {
  let discovered: Promise<{ doc: Discovery; jwks: ReturnType<typeof createRemoteJWKSet> }> | undefined;
  const discover = () =>
    (discovered ??= (async () => {
      const response = await fetchImpl(config.discoveryUrl, { signal: AbortSignal.timeout(5_000) });
      if (!response.ok) throw new Error(`OpenID discovery ${config.discoveryUrl}: HTTP ${response.status}`);
      const doc = discoverySchema.parse(await response.json());
      return { doc, jwks: createRemoteJWKSet(new URL(doc.jwks_uri), { timeoutDuration: 5_000 }) };
    })().catch((error: unknown) => {
      discovered = undefined; // try again at the next sign-in
      throw error;
    }));

  const idTokenFor = async (code: string, attempt: SignInAttempt, tokenEndpoint: string): Promise<string> => {
    const form = new URLSearchParams({
      client_id: config.clientId,
      grant_type: 'authorization_code',
      code,
      redirect_uri: config.redirectUri,
      code_verifier: attempt.verifier,
      scope: SCOPE,
    });
    if (config.clientSecret) form.set('client_secret', config.clientSecret);
    const response = await fetchImpl(tokenEndpoint, {
      method: 'POST',
      body: form,
      signal: AbortSignal.timeout(10_000),
    });
    const body = (await response.json().catch(() => ({}))) as { id_token?: unknown; error?: unknown };
    if (!response.ok || typeof body.id_token !== 'string') {
      throw new SignInRefused(
        `the identity platform did not redeem the code (${String(body.error ?? response.status)})`,
      );
    }
    return body.id_token;
  };

  return {
    async authorizeUrl(attempt) {
      return authorizeUrl((await discover()).doc, config, attempt);
    },
    async redeem(code, attempt) {
      const { doc, jwks } = await discover();
      const idToken = await idTokenFor(code, attempt, doc.token_endpoint);
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(idToken, jwks, {
          issuer: doc.issuer,
          audience: config.clientId,
          algorithms: ['RS256'],
          requiredClaims: ['exp', 'iat'],
          clockTolerance: CLOCK_TOLERANCE_S,
        }));
      } catch (error) {
        throw new SignInRefused(`the ID token is not valid (${(error as Error).message})`);
      }
      const problem = idTokenProblem(payload, config.clientId, attempt.nonce);
      if (problem) throw new SignInRefused(problem);
      const principal = entraPrincipal(payload, config.rolesClaim);
      if (!principal) throw new SignInRefused('the ID token names no user (oid)');
      if (principal.roles.length === 0) {
        throw new SignInRefused('your account has no role in this application: ask an administrator to assign one');
      }
      return principal;
    },
  };
}
