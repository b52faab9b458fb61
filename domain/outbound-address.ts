// Which addresses a notification may be sent to: private, loopback, link-local (cloud metadata included) and other
// non-public ranges are refused unless an allowlist entry (a CIDR or an exact host name) lets them through. Pure:
// the caller resolves the host name and passes every address it resolved to, IPv4 and IPv6.

type Bytes = number[];

const V4_BLOCKED: [string, number, string][] = [
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'shared (carrier-grade NAT)'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'IETF protocol assignments'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];
const V6_BLOCKED: [string, number, string][] = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'site-local'],
  ['fc00::', 7, 'unique local (private)'],
  ['ff00::', 8, 'multicast'],
];
/** IPv6 forms that carry an IPv4 address: mapped (::ffff:a.b.c.d), NAT64 (64:ff9b::/96), 6to4 (2002::/16). */
const V4_CARRIERS: [string, number, number][] = [
  ['::ffff:0:0', 96, 12],
  ['64:ff9b::', 96, 12],
  ['2002::', 16, 2],
];

export function parseIPv4(text: string): Bytes | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return parts.map(Number);
}

export function parseIPv6(text: string): Bytes | undefined {
  const address = text
    .replace(/^\[|\]$/g, '')
    .split('%')[0]
    .toLowerCase();
  let tail: Bytes = [];
  let head = address;
  const v4 = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (v4) {
    const bytes = parseIPv4(v4[2]);
    if (!bytes) return undefined;
    tail = bytes;
    head = v4[1].endsWith('::') ? v4[1] : v4[1].slice(0, -1);
  }
  const halves = head.split('::');
  if (halves.length > 2) return undefined;
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const [left, right] = [groups(halves[0]), halves.length === 2 ? groups(halves[1]) : []];
  const wanted = 8 - tail.length / 2;
  const missing = wanted - left.length - right.length;
  if ((halves.length === 1 && missing !== 0) || missing < 0) return undefined;
  const all = [...left, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...right];
  if (all.some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return undefined;
  return [...all.flatMap((g) => [parseInt(g, 16) >> 8, parseInt(g, 16) & 255]), ...tail];
}

function parseIp(text: string): Bytes | undefined {
  return parseIPv4(text) ?? parseIPv6(text);
}

function inPrefix(address: Bytes, network: Bytes, bits: number): boolean {
  if (address.length !== network.length) return false;
  for (let i = 0; i < bits; i += 8) {
    const mask = bits - i >= 8 ? 255 : (0xff << (8 - (bits - i))) & 255;
    if ((address[i / 8] & mask) !== (network[i / 8] & mask)) return false;
  }
  return true;
}

/** Why an address is not public (e.g. 'loopback'), or undefined for a public address. */
export function nonPublicRange(text: string): string | undefined {
  const address = parseIp(text);
  if (!address) return 'not an IP address';
  if (address.length === 4) return V4_BLOCKED.find(([net, bits]) => inPrefix(address, parseIPv4(net)!, bits))?.[2];
  for (const [net, bits, offset] of V4_CARRIERS) {
    if (inPrefix(address, parseIPv6(net)!, bits)) {
      const carried = address.slice(offset, offset + 4).join('.');
      const why = nonPublicRange(carried);
      if (why) return `${why} (IPv4 ${carried} inside IPv6)`;
    }
  }
  return V6_BLOCKED.find(([net, bits]) => inPrefix(address, parseIPv6(net)!, bits))?.[2];
}

/** An allowlist entry: a CIDR (`10.1.0.0/16`, `fd00::/8`), one address, or an exact host name. */
export function allowlistEntryProblem(entry: string): string | undefined {
  const [net, bits, ...rest] = entry.split('/');
  if (rest.length > 0) return 'must be a CIDR, an address or a host name';
  const address = parseIp(net);
  if (!address) return bits === undefined && /^[a-z0-9.-]+$/i.test(net) ? undefined : 'not a CIDR or host name';
  if (bits !== undefined && (!/^\d+$/.test(bits) || Number(bits) > address.length * 8)) return 'bad prefix length';
  return undefined;
}

export function allowedBy(entry: string, host: string, address: string): boolean {
  const [net, bits] = entry.split('/');
  const network = parseIp(net);
  if (!network) return net.toLowerCase() === host.toLowerCase();
  const parsed = parseIp(address);
  return parsed !== undefined && inPrefix(parsed, network, bits === undefined ? network.length * 8 : Number(bits));
}

/**
 * Every problem with sending to `host` resolved to `addresses` (one refused address refuses the host: DNS may answer
 * with any of them), given the allowlist entries.
 */
export function refusedAddresses(host: string, addresses: readonly string[], allowlist: readonly string[]): string[] {
  if (addresses.length === 0) return [`${host} resolves to no address`];
  return addresses.flatMap((address) => {
    const why = nonPublicRange(address);
    if (!why || allowlist.some((entry) => allowedBy(entry, host, address))) return [];
    return [`${host} resolves to a ${why} address, which is not on the outbound allowlist`];
  });
}

/** NOTIFY_ALLOWLIST as configured: entries separated by commas (each checked by allowlistEntryProblem's rules). */
export const NOTIFY_ALLOWLIST = /^\s*[0-9A-Za-z.:/-]+(\s*,\s*[0-9A-Za-z.:/-]+)*\s*$/;

export function splitAllowlist(text: string | undefined): string[] {
  return (text ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
}
