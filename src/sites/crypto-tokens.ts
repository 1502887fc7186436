// Enrollment codes and agents' tokens: random (node:crypto), kept by the store as SHA-256 only.
import { createHash, randomBytes } from 'node:crypto';

/** A one-time enrollment code: 160 random bits, base32 in groups of four for reading aloud. */
export function newEnrollmentCode(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(32);
  const chars = Array.from(bytes, (b) => alphabet[b % 32] ?? 'A').join('');
  return (chars.match(/.{4}/g) ?? []).join('-');
}

/** An agent's bearer token: 256 random bits, base64url. */
export function newAgentToken(): string {
  return `svag_${randomBytes(32).toString('base64url')}`;
}

/** The SHA-256 (hex) the store keeps of a code or token; codes compared without case or dashes. */
export function secretHash(secret: string, kind: 'code' | 'token'): string {
  const text = kind === 'code' ? secret.toUpperCase().replace(/[^A-Z0-9]/g, '') : secret;
  return createHash('sha256').update(text).digest('hex');
}
