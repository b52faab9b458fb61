// Access tokens of AMLToken endpoints (`POST …/token`): kept on the endpoint record so the scoring route can
// accept them until they expire. Only the newest few are kept.
import { randomBytes } from 'node:crypto';
import type { EndpointRecord } from '../types';

const LIFETIME_MS = 60 * 60 * 1000;
const KEEP = 20;

export function endpointTokens(ep: EndpointRecord) {
  return {
    issue(now = Date.now()) {
      const accessToken = `aml.${randomBytes(24).toString('base64url')}`;
      const expiresAt = now + LIFETIME_MS;
      ep.tokens = [...(ep.tokens ?? []).filter((t) => t.expiresAt > now), { accessToken, expiresAt }].slice(-KEEP);
      return {
        accessToken,
        expiryTimeUtc: Math.floor(expiresAt / 1000),
        refreshAfterTimeUtc: Math.floor((expiresAt - LIFETIME_MS / 2) / 1000),
        tokenType: 'Bearer',
      };
    },
    isValid(token: string, now = Date.now()): boolean {
      return (ep.tokens ?? []).some((t) => t.accessToken === token && t.expiresAt > now);
    },
  };
}
