// The bearer token store: tokens are looked up by their SHA-256 only.
import { createTokenStore, sha256Hex } from '../../../api/auth';

describe('token store', () => {
  const lookup = createTokenStore([{ name: 'alice', role: 'release-manager', sha256: sha256Hex('s3cret') }]);
  it('finds a token by its hash only', () => {
    expect(lookup('s3cret')).toEqual({ name: 'alice', roles: ['release-manager'], via: 'token' });
    expect(lookup('s3cret ')).toBeUndefined();
    expect(lookup(sha256Hex('s3cret'))).toBeUndefined();
  });
});
