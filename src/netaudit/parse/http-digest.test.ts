import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  chooseAuth,
  digestAuthorization,
  digestResponse,
  parseChallenges,
  type HexHash,
} from './http-digest.js';

const hex: HexHash = (hash, text) => createHash(hash).update(text, 'utf8').digest('hex');

// RFC 7616 §3.9.1: the worked example, once with MD5 and once with SHA-256.
const rfc = {
  realm: 'http-auth@example.org',
  nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
  opaque: 'FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS',
  cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
};
const header =
  `Digest realm="${rfc.realm}", qop="auth, auth-int", algorithm=SHA-256, nonce="${rfc.nonce}", opaque="${rfc.opaque}", ` +
  `Digest realm="${rfc.realm}", qop="auth, auth-int", algorithm=MD5, nonce="${rfc.nonce}", opaque="${rfc.opaque}"`;

const mufasa = {
  user: 'Mufasa',
  password: 'Circle of Life',
  method: 'GET',
  uri: '/dir/index.html',
  cnonce: rfc.cnonce,
  nc: 1,
};

describe('HTTP Digest (RFC 7616)', () => {
  it.each([
    ['MD5', '8ca523f5e9506fed4657c9700eebdbec'],
    ['SHA-256', '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1'],
  ] as const)('computes the §3.9.1 response with %s', (algorithm, expected) => {
    const challenge = {
      scheme: 'digest',
      params: { realm: rfc.realm, nonce: rfc.nonce, qop: 'auth' },
    };
    const input = { ...mufasa, challenge, algorithm };
    expect(digestResponse(input, hex)).toBe(expected);
    expect(digestAuthorization(input, hex)).toContain(`response="${expected}"`);
  });

  it('parses two challenges in one header and prefers SHA-256', () => {
    const challenges = parseChallenges([header]);
    expect(challenges.map((c) => c.params.algorithm)).toEqual(['SHA-256', 'MD5']);
    expect(challenges[0]?.params).toMatchObject({
      realm: rfc.realm,
      opaque: rfc.opaque,
      qop: 'auth, auth-int',
    });
    const choice = chooseAuth(challenges, { tls: false, allowBasic: false });
    expect(choice).toMatchObject({ kind: 'digest', algorithm: 'SHA-256' });
  });

  it('answers the RFC 7616 example header with qop, nc, cnonce and opaque', () => {
    const choice = chooseAuth(parseChallenges([header]), { tls: false, allowBasic: false });
    if (choice.kind !== 'digest') throw new Error('no digest');
    const value = digestAuthorization({ ...choice, ...mufasa }, hex);
    expect(value).toBe(
      `Digest username="Mufasa", realm="${rfc.realm}", nonce="${rfc.nonce}", uri="/dir/index.html", algorithm=SHA-256, ` +
        `response="753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1", qop=auth, nc=00000001, cnonce="${rfc.cnonce}", opaque="${rfc.opaque}"`,
    );
  });

  it.each([
    // [WWW-Authenticate, tls, allowBasic, expected kind]
    ['Basic realm="x"', false, false, 'none'],
    ['Basic realm="x"', false, true, 'none'],
    ['Basic realm="x"', true, false, 'none'],
    ['Basic realm="x"', true, true, 'basic'],
    ['Basic realm="x", Digest realm="x", nonce="n", qop="auth"', false, true, 'digest'],
    ['Digest realm="x", nonce="n", qop="auth-int"', false, false, 'none'],
    ['Digest realm="x", nonce="n", algorithm=SHA-512-256, qop="auth"', false, false, 'none'],
    ['Digest realm="x", nonce="n"', false, false, 'digest'],
    ['Negotiate', true, true, 'none'],
  ] as const)('%s (tls %s, basic allowed %s) -> %s', (value, tls, allowBasic, kind) => {
    expect(chooseAuth(parseChallenges([value]), { tls, allowBasic }).kind).toBe(kind);
  });

  it('reads quoted-pair escapes and BWS around =, and stays bounded on junk', () => {
    const [c] = parseChallenges(['Digest realm = "a \\"b\\"", nonce=abc']);
    expect(c?.params).toEqual({ realm: 'a "b"', nonce: 'abc' });
    expect(parseChallenges(['Digest ' + 'x=y, '.repeat(5000)])[0]?.params).toBeDefined();
    expect(parseChallenges(['"""', '', ',,,'])).toEqual([]);
  });
});
