// Microsoft Entra ID access tokens: signature against the tenant's JWKS, issuer, audience, and app roles from a claim.
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import type { EntraConfig } from './config';
import type { JwtVerifier, Principal } from './auth';
import { ROLES, type Role } from './roles';

function actorName(payload: JWTPayload): string {
  const claims = payload as Record<string, unknown>;
  for (const key of ['preferred_username', 'upn', 'email', 'oid', 'sub']) {
    if (typeof claims[key] === 'string' && claims[key]) return claims[key] as string;
  }
  return 'entra:unknown';
}

function rolesOf(payload: JWTPayload, claim: string): Role[] {
  const value = (payload as Record<string, unknown>)[claim];
  const list = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
  return list.filter((role): role is Role => (ROLES as readonly string[]).includes(role));
}

export function createEntraVerifier(config: EntraConfig): JwtVerifier {
  const jwks = createRemoteJWKSet(new URL(config.jwksUrl), { timeoutDuration: 5_000 });
  return async (token: string): Promise<Principal | undefined> => {
    try {
      const { payload } = await jwtVerify(token, jwks, { issuer: config.issuer, audience: config.audience });
      return { name: actorName(payload), roles: rolesOf(payload, config.rolesClaim), via: 'entra' };
    } catch {
      return undefined;
    }
  };
}
