// Entra ID JWTs: verified against a local JWKS server by signature, issuer, audience and expiry; roles from the claim.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { SignJWT, exportJWK, generateKeyPair, type KeyLike } from 'jose';
import { Client, Connection } from '@temporalio/client';
import { createApp } from '../../../api/app';
import { entraPrincipal } from '../../../api/entra';
import { gatewayFromConfig } from '../../../api/rollouts-gateway';
import { parseConfig } from '../../../api/config';

const ISSUER = 'https://login.microsoftonline.com/tenant-id/v2.0';
const AUDIENCE = 'api://rollout-service';
const OID = '5f0e6c1a-33f4-4c4b-9a7e-2d5d8f0b1c11';
let server: Server;
let key: KeyLike;
let otherKey: KeyLike;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  key = pair.privateKey;
  otherKey = (await generateKeyPair('RS256')).privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  server = createServer((_req, res) =>
    res.setHeader('content-type', 'application/json').end(JSON.stringify({ keys: [jwk] })),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/keys`;
  const config = parseConfig({
    ENTRA_ISSUER: ISSUER,
    ENTRA_AUDIENCE: AUDIENCE,
    ENTRA_JWKS_URL: jwksUrl,
    LOG_LEVEL: 'silent',
  });
  const client = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
  app = createApp({ gateway: gatewayFromConfig(client, config), config });
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

async function token(
  claims: Record<string, unknown>,
  options: { signer?: KeyLike; issuer?: string; audience?: string; expires?: string } = {},
) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
    .setIssuer(options.issuer ?? ISSUER)
    .setAudience(options.audience ?? AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(options.expires ?? '5m')
    .sign(options.signer ?? key);
}

// rollback without a reason: 400 once past auth and the role check, so no Temporal is needed.
const rollback = (jwt: string) =>
  request(app).post('/rollouts/heart-ep/rollback').set('Authorization', `Bearer ${jwt}`).send({});

describe('Entra ID tokens', () => {
  it('accepts a valid token and takes roles from the roles claim', async () => {
    const sre = await token({ roles: ['sre'], oid: OID, preferred_username: 'sam@contoso.com' });
    expect((await rollback(sre)).status).toBe(400);
    const approve = await request(app)
      .post('/rollouts/heart-ep/approve')
      .set('Authorization', `Bearer ${sre}`)
      .send({});
    expect(approve.status).toBe(403);
  });

  it('refuses a token without a known role with 403', async () => {
    expect((await rollback(await token({ roles: ['Reader'], oid: OID }))).status).toBe(403);
  });

  it('refuses a token that names no user (no oid, no sub) with 401', async () => {
    expect((await rollback(await token({ roles: ['sre'], preferred_username: 'sam@contoso.com' }))).status).toBe(401);
  });

  it('knows a user by object id, not by a name claim that can change', () => {
    const before = entraPrincipal(
      { oid: OID, sub: 'pairwise', preferred_username: 'sam@contoso.com', roles: ['sre'] },
      'roles',
    );
    const renamed = entraPrincipal(
      { oid: OID, sub: 'pairwise', preferred_username: 'rita@contoso.com', roles: ['sre'] },
      'roles',
    );
    expect(before).toEqual({ name: OID, displayName: 'sam@contoso.com', roles: ['sre'], via: 'entra' });
    expect(renamed?.name).toBe(before?.name);
    expect(entraPrincipal({ preferred_username: 'oid-less', sub: 'the-sub' }, 'roles')?.name).toBe('the-sub');
  });

  it.each([
    ['a wrong audience', { audience: 'api://someone-else' }],
    ['a wrong issuer', { issuer: 'https://evil.example/v2.0' }],
    ['another signing key', { signer: 'other' }],
    ['an expired token', { expires: '-1m' }],
  ])('refuses %s with 401', async (_what, options) => {
    const jwt = await token({ roles: ['admin'], oid: OID }, {
      ...options,
      signer: (options as { signer?: string }).signer ? otherKey : key,
    } as never);
    const response = await rollback(jwt);
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('Unauthenticated');
  });
});
