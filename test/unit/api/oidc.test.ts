// The dashboard's OpenID Connect client: PKCE, the authorize URL, the ID token's nonce and azp, and the whole code
// redemption against the local test issuer (discovery, token endpoint checking PKCE, JWKS) over HTTP.
import { ENTRA_CALLBACK_PATH, parseConfig, type EntraSignInConfig } from '../../../api/config';
import {
  authorizeUrl,
  createOidcClient,
  idTokenProblem,
  newAttempt,
  pkceChallenge,
  type SignInAttempt,
} from '../../../api/oidc';
import { startOidcIssuer, type IssuedUser, type OidcIssuer, type Tampering } from '../../support/oidc-issuer';

const REDIRECT = `https://rollouts.example${ENTRA_CALLBACK_PATH}`;
const discovery = {
  issuer: 'https://login.example/t/v2.0',
  authorization_endpoint: 'https://login.example/t/oauth2/v2.0/authorize',
  token_endpoint: 'https://login.example/t/oauth2/v2.0/token',
  jwks_uri: 'https://login.example/t/discovery/v2.0/keys',
};
const config: EntraSignInConfig = {
  discoveryUrl: 'https://login.example/t/v2.0/.well-known/openid-configuration',
  clientId: 'client-1',
  redirectUri: REDIRECT,
  rolesClaim: 'roles',
};

describe('PKCE and the authorize request', () => {
  it('derives the S256 challenge of RFC 7636, appendix B', () => {
    expect(pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('draws a fresh, unguessable state, nonce and verifier for every attempt', () => {
    const [a, b] = [newAttempt(), newAttempt()];
    for (const value of Object.values(a)) expect(value).toMatch(/^[\w-]{43}$/);
    expect(new Set([a.state, a.nonce, a.verifier, b.state, b.nonce, b.verifier]).size).toBe(6);
  });

  it('asks for a code with the challenge, never the verifier', () => {
    const attempt: SignInAttempt = {
      state: 'st',
      nonce: 'no',
      verifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
    };
    const url = new URL(authorizeUrl(discovery, config, attempt));
    expect(url.origin + url.pathname).toBe(discovery.authorization_endpoint);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: 'client-1',
      response_type: 'code',
      response_mode: 'query',
      redirect_uri: REDIRECT,
      scope: 'openid profile',
      state: 'st',
      nonce: 'no',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    });
  });
});

describe('idTokenProblem', () => {
  it.each([
    ['this attempt’s nonce', { nonce: 'n1', aud: 'client-1' }, undefined],
    ['another nonce', { nonce: 'n2', aud: 'client-1' }, /nonce/],
    ['no nonce', { aud: 'client-1' }, /nonce/],
    ['several audiences, azp us', { nonce: 'n1', aud: ['client-1', 'x'], azp: 'client-1' }, undefined],
    ['several audiences, azp another', { nonce: 'n1', aud: ['client-1', 'x'], azp: 'x' }, /azp/],
  ])('%s', (_case, payload, problem) => {
    const found = idTokenProblem(payload, 'client-1', 'n1');
    if (problem) expect(found).toMatch(problem);
    else expect(found).toBeUndefined();
  });
});

describe('redeeming a code at the local issuer', () => {
  let issuer: OidcIssuer;
  let signIn: EntraSignInConfig;
  beforeAll(async () => {
    issuer = await startOidcIssuer();
    signIn = parseConfig(issuer.register(REDIRECT)).ui.entra!;
  });
  afterAll(() => issuer.stop());

  const user: IssuedUser = { oid: 'oid-1', name: 'ada@contoso.example', roles: ['sre', 'owner'] };

  /** The browser's part: the authorize page, then the issuer's form, to the code on the redirect back. */
  async function codeFor(attempt: SignInAttempt, who: IssuedUser = user, tampering?: Tampering): Promise<string> {
    issuer.signInAs(who, tampering);
    const client = createOidcClient(signIn);
    const pageHtml = await (await fetch(await client.authorizeUrl(attempt))).text();
    const back = /name="back" value="([^"]+)"/.exec(pageHtml)![1].replace(/&amp;/g, '&');
    return new URL(back).searchParams.get('code')!;
  }

  it('signs the user in by object id, with the known roles of the claim', async () => {
    const attempt = newAttempt();
    const code = await codeFor(attempt);
    await expect(createOidcClient(signIn).redeem(code, attempt)).resolves.toEqual({
      name: 'oid-1',
      displayName: 'ada@contoso.example',
      roles: ['sre'],
      via: 'entra',
    });
  });

  it('is refused with another verifier (PKCE), and a code works once', async () => {
    const attempt = newAttempt();
    const code = await codeFor(attempt);
    const client = createOidcClient(signIn);
    await expect(client.redeem(code, { ...attempt, verifier: newAttempt().verifier })).rejects.toMatchObject({
      name: 'SignInRefused',
      message: 'the identity platform did not redeem the code (invalid_grant)',
    });
    await expect(client.redeem(code, attempt)).rejects.toMatchObject({ name: 'SignInRefused' });
  });

  it.each<[string, Tampering | undefined, IssuedUser, RegExp]>([
    ['another nonce', { nonce: 'x' }, user, /nonce/],
    ['an expired token', { expiresIn: -3600 }, user, /"exp" claim/],
    ['another audience', { audience: 'someone-else' }, user, /"aud" claim/],
    ['a key outside the JWKS', { foreignKey: true }, user, /signature/],
    ['no role', undefined, { ...user, roles: ['owner'] }, /no role in this application/],
  ])('refuses %s', async (_case, tampering, who, reason) => {
    const attempt = newAttempt();
    const code = await codeFor(attempt, who, tampering);
    await expect(createOidcClient(signIn).redeem(code, attempt)).rejects.toMatchObject({
      name: 'SignInRefused',
      message: expect.stringMatching(reason),
    });
  });
});
