// Microsoft Entra ID access tokens: signature against the tenant's JWKS, issuer, audience, and app roles from a claim.
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import type { EntraConfig } from './config';
import type { JwtVerifier, Principal } from './auth';
import { ROLES, type Role } from './roles';

const claim = (payload: JWTPayload, key: string): string | undefined => {
  const value = (payload as Record<string, unknown>)[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
};

/**
 * The user as the rollout records them: by object id (`oid`, immutable and unique in the tenant; `sub` without
 * one), never by a name claim a user or admin can change, so an approver cannot be made to look like another user.
 * The name is kept for display only.
 */
export function entraPrincipal(payload: JWTPayload, rolesClaim: string): Principal | undefined {
  const id = claim(payload, 'oid') ?? claim(payload, 'sub');
  if (!id) return undefined;
  const displayName = claim(payload, 'preferred_username') ?? claim(payload, 'upn') ?? claim(payload, 'email');
  return { name: id, displayName, roles: rolesOf(payload, rolesClaim), via: 'entra' };
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
      return entraPrincipal(payload, config.rolesClaim);
    } catch {
      return undefined;
    }
  };
}
