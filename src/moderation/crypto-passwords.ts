// Moderators' passwords hashed with scrypt (RFC 7914) from node:crypto: N = 2^15, r = 8, p = 1
// (OWASP's password storage cheat sheet gives N=2^17 with r=8, p=1 as a minimum; 2^15 keeps a
// login near 100 ms on a small server and is stored with the hash, so it can be raised later),
// a 16-byte random salt, a 32-byte key, stored as `scrypt$N$r$p$salt$key` (base64url).
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const defaults = { N: 2 ** 15, r: 8, p: 1 } as const;
const keyBytes = 32;

function derive(
  password: string,
  salt: Buffer,
  o: { N: number; r: number; p: number },
): Promise<Buffer> {
  const options: ScryptOptions = { N: o.N, r: o.r, p: o.p, maxmem: 256 * o.N * o.r };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, keyBytes, options, (e, key) =>
      e ? reject(e) : resolve(key),
    ),
  );
}

/** The stored form of a new password. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, defaults);
  return [
    'scrypt',
    defaults.N,
    defaults.r,
    defaults.p,
    salt.toString('base64url'),
    key.toString('base64url'),
  ].join('$');
}

/** Whether `password` matches `stored`; false for a stored form this code does not read. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, key] = stored.split('$');
  if (kind !== 'scrypt' || salt === undefined || key === undefined) return false;
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  if (
    ![params.N, params.r, params.p].every((x) => Number.isInteger(x) && x > 0) ||
    params.N > 2 ** 20
  )
    return false;
  const expected = Buffer.from(key, 'base64url');
  const got = await derive(password, Buffer.from(salt, 'base64url'), params);
  return expected.length === got.length && timingSafeEqual(expected, got);
}

/** A hash no password matches, checked against for unknown names so they take as long. */
export const unusableHash = `scrypt$${defaults.N}$${defaults.r}$${defaults.p}$${Buffer.alloc(16).toString('base64url')}$${Buffer.alloc(keyBytes).toString('base64url')}`;
