// The API's settings an auditor may see: everything but secrets, which only say whether they are set.
import type { ApiConfig } from './config';

export function publicSettings(config: ApiConfig) {
  const { alertSecret, ui, temporal, tokens, ...rest } = config;
  const { apiKey, tls, ...temporalRest } = temporal;
  return {
    ...rest,
    temporal: { ...temporalRest, apiKey: Boolean(apiKey), tls: Boolean(tls) },
    // A token's SHA-256 reveals nothing of the token and makes a rotated token change the fingerprint.
    tokens: tokens.map(({ name, role, sha256 }) => ({ name, role, sha256 })),
    alertSecret: Boolean(alertSecret),
    ui: {
      temporalUiUrl: ui.temporalUiUrl,
      sessionKey: Boolean(ui.sessionKey),
      entra: ui.entra && { ...ui.entra, clientSecret: Boolean(ui.entra.clientSecret) },
    },
  };
}

/** For the entry's details: who may call, without the hashes. */
export const tokenRoster = (config: ApiConfig) => config.tokens.map(({ name, role }) => `${name} (${role})`);
