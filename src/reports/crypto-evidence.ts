// Evidence packs' cryptography through node:crypto: the server's Ed25519 key (PKCS #8 PEM), its
// public half (SPKI PEM) and fingerprint, signatures over the manifest, SHA-256 of every file.
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { UserError } from '../shared/errors.js';
import type { PackCrypto, PackSigner } from './evidence-pack.js';

/** A new Ed25519 private key, as PKCS #8 PEM. */
export function newEvidenceKeyPem(): string {
  const { privateKey } = generateKeyPairSync('ed25519');
  return privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
}

/** `SHA256:` and the unpadded base64 of the SHA-256 of the raw 32-byte public key (as OpenSSH shows keys). */
export function fingerprintOf(publicKey: KeyObject): string {
  const jwk = publicKey.export({ format: 'jwk' });
  const raw = Buffer.from(jwk.x ?? '', 'base64url');
  return `SHA256:${createHash('sha256').update(raw).digest('base64').replace(/=+$/, '')}`;
}

/** An Ed25519 public key from PEM (SPKI, or the private key it belongs to); `source` names it in errors. */
export function evidencePublicKey(pem: string, source: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch (cause) {
    throw new UserError(`${source}: not a PEM public key`, { cause });
  }
  if (key.asymmetricKeyType !== 'ed25519')
    throw new UserError(`${source}: an ${key.asymmetricKeyType ?? 'unknown'} key, not Ed25519`);
  return key;
}

/** The signer of packs from the private key's PEM; `source` names the key file in errors. */
export function evidenceSigner(privatePem: string, source: string): PackSigner {
  let key: KeyObject;
  try {
    key = createPrivateKey(privatePem);
  } catch (cause) {
    throw new UserError(`${source}: not a PEM private key`, { cause });
  }
  if (key.asymmetricKeyType !== 'ed25519')
    throw new UserError(`${source}: an ${key.asymmetricKeyType ?? 'unknown'} key, not Ed25519`);
  const publicKey = createPublicKey(key);
  return {
    publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    fingerprint: fingerprintOf(publicKey),
    sign: (data) => new Uint8Array(sign(null, data, key)),
  };
}

/** SHA-256, signature checks and fingerprints for writing and verifying packs. */
export const nodePackCrypto: PackCrypto = {
  sha256: (data) => createHash('sha256').update(data).digest('hex'),
  verify: (publicKeyPem, data, signature) => {
    const key = evidencePublicKey(publicKeyPem, 'public key');
    return signature.length === 64 && verify(null, data, key, signature);
  },
  fingerprint: (publicKeyPem) => fingerprintOf(evidencePublicKey(publicKeyPem, 'public key')),
};
