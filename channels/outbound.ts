// The outbound address check, done twice: when an admin saves a channel (resolve the host, check every address) and
// at every send, inside the connection's own DNS lookup, so the socket goes only to addresses that passed (a host
// that re-resolves to an internal address between the two is still refused).
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import { refusedAddresses } from '../domain/outbound-address';

export type Resolve = (host: string) => Promise<string[]>;

export const resolveAll: Resolve = (host) =>
  new Promise((resolve, reject) =>
    dnsLookup(host, { all: true, verbatim: true }, (error, addresses) =>
      error ? reject(error) : resolve(addresses.map((a) => a.address)),
    ),
  );

/** Problems with sending to `url` (scheme, host, addresses); empty when it may be sent to. */
export async function outboundProblems(url: string, allowlist: readonly string[], resolve = resolveAll) {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return ['not a URL'];
  }
  if (parsed.protocol !== 'https:') return ['must be an https URL'];
  if (parsed.username || parsed.password) return ['must not carry credentials before the host'];
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : await resolve(host);
  } catch (error) {
    return [`${host} does not resolve (${(error as NodeJS.ErrnoException).code ?? 'error'})`];
  }
  return refusedAddresses(host, addresses, allowlist);
}

type LookupCallback = (error: Error | null, address: string | LookupAddress[], family?: number) => void;

/** A `lookup` for net/tls.connect that answers only addresses the allowlist admits, and fails otherwise. */
export function guardedLookup(allowlist: readonly string[], resolve = resolveAll) {
  return (host: string, options: { all?: boolean }, callback: LookupCallback): void => {
    resolve(host).then(
      (addresses) => {
        const refused = refusedAddresses(host, addresses, allowlist);
        if (refused.length > 0) return callback(Object.assign(new Error(refused[0]), { code: 'EREFUSED_ADDRESS' }), []);
        const entries = addresses.map((address) => ({ address, family: isIP(address) }));
        if (options.all) return callback(null, entries);
        callback(null, entries[0].address, entries[0].family);
      },
      (error: Error) => callback(error, []),
    );
  };
}
