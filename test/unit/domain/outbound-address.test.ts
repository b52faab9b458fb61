import {
  allowlistEntryProblem,
  nonPublicRange,
  refusedAddresses,
  splitAllowlist,
} from '../../../domain/outbound-address';

describe('nonPublicRange', () => {
  it.each([
    ['10.1.2.3', 'private'],
    ['172.31.255.1', 'private'],
    ['192.168.0.10', 'private'],
    ['127.0.0.1', 'loopback'],
    ['169.254.169.254', 'link-local'],
    ['100.64.0.1', 'shared (carrier-grade NAT)'],
    ['0.0.0.0', 'unspecified'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1%eth0', 'link-local'],
    ['fd12:3456::1', 'unique local (private)'],
    ['::ffff:127.0.0.1', 'loopback (IPv4 127.0.0.1 inside IPv6)'],
    ['::ffff:a00:1', 'private (IPv4 10.0.0.1 inside IPv6)'],
    ['64:ff9b::a9fe:a9fe', 'link-local (IPv4 169.254.169.254 inside IPv6)'],
    ['2002:c0a8:101::1', 'private (IPv4 192.168.1.1 inside IPv6)'],
    ['ff02::1', 'multicast'],
    ['not-an-ip', 'not an IP address'],
  ])('refuses %s as %s', (address, why) => {
    expect(nonPublicRange(address)).toBe(why);
  });

  it.each(['8.8.8.8', '172.32.0.1', '203.0.113.7', '2606:4700::1111', '::ffff:8.8.8.8'])('accepts %s', (address) => {
    expect(nonPublicRange(address)).toBeUndefined();
  });
});

describe('refusedAddresses', () => {
  it('refuses a host when any address it resolves to is internal', () => {
    expect(refusedAddresses('hooks.example', ['203.0.113.7', '10.0.0.5'], [])).toEqual([
      'hooks.example resolves to a private address, which is not on the outbound allowlist',
    ]);
  });

  it('lets a CIDR, an address or an exact host name through', () => {
    expect(refusedAddresses('relay.internal', ['10.20.1.2'], ['10.20.0.0/16'])).toEqual([]);
    expect(refusedAddresses('relay.internal', ['10.20.1.2', 'fd00::2'], ['10.20.0.0/16'])).toHaveLength(1);
    expect(refusedAddresses('relay.internal', ['10.20.1.2', 'fd00::2'], ['10.20.0.0/16', 'fd00::/8'])).toEqual([]);
    expect(refusedAddresses('localhost', ['127.0.0.1', '::1'], ['localhost'])).toEqual([]);
    expect(refusedAddresses('evil.example', ['127.0.0.1'], ['localhost'])).toHaveLength(1);
  });

  it('refuses a host that resolves to nothing', () => {
    expect(refusedAddresses('void.example', [], [])).toEqual(['void.example resolves to no address']);
  });
});

describe('allowlist entries', () => {
  it.each([
    ['10.0.0.0/8', undefined],
    ['fd00::/8', undefined],
    ['relay.internal', undefined],
    ['10.0.0.0/33', 'bad prefix length'],
    ['10.0.0.0/8/1', 'must be a CIDR, an address or a host name'],
  ])('%s: %s', (entry, problem) => {
    expect(allowlistEntryProblem(entry)).toBe(problem);
  });

  it('splits the configured list on commas', () => {
    expect(splitAllowlist(' 10.0.0.0/8 , relay.internal ')).toEqual(['10.0.0.0/8', 'relay.internal']);
    expect(splitAllowlist(undefined)).toEqual([]);
  });
});
