// Scoring auth: `Authorization: Bearer <key>` for authMode Key, a token from the endpoint otherwise.
import type { DataPlaneContext } from '../data-plane-context';
import type { EndpointRecord } from '../types';

export function authorized(ctx: DataPlaneContext, ep: EndpointRecord, header: string | undefined): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match) return false;
  const credential = match[1];
  if (ep.authMode === 'Key') return credential === ep.keys.primaryKey || credential === ep.keys.secondaryKey;
  return ctx.verifyToken?.(ep.name, credential) ?? false;
}
