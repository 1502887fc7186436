// The server's Ed25519 key for evidence packs, in a file beside the database (`sousveil.db` ->
// `sousveil.db.evidence-key.pem`), PKCS #8 PEM, mode 0600. Made on first use with an exclusive
// create (two processes starting at once end with one key); a key file others may read, or that
// is not a plain file, is refused. Kept out of the database so that copies and backups of the
// data do not carry the signing key, and so that it can be held on other media.
import { closeSync, fstatSync, lstatSync, openSync, readSync, writeFileSync } from 'node:fs';
import { UserError } from '../shared/errors.js';
import { evidenceSigner, newEvidenceKeyPem } from './crypto-evidence.js';
import type { PackSigner } from './evidence-pack.js';

const maxKeyBytes = 16 * 1024;

/** Where the key of the database at `dbPath` is kept. */
export const evidenceKeyPath = (dbPath: string): string => `${dbPath}.evidence-key.pem`;

/** The signer from the key file at `path`, made first if there is none; `created` says which. */
export function loadOrCreateEvidenceKey(path: string): { signer: PackSigner; created: boolean } {
  try {
    writeFileSync(path, newEvidenceKeyPem(), { mode: 0o600, flag: 'wx' });
    return { signer: readKey(path), created: true };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST')
      throw new UserError(`evidence key ${path}: cannot be created (${(e as Error).message})`, {
        cause: e,
      });
  }
  return { signer: readKey(path), created: false };
}

function readKey(path: string): PackSigner {
  const link = lstatSync(path);
  if (!link.isFile()) throw new UserError(`evidence key ${path}: not a plain file`);
  const fd = openSync(path, 'r');
  try {
    const st = fstatSync(fd);
    if ((st.mode & 0o077) !== 0)
      throw new UserError(
        `evidence key ${path}: others may read it (mode ${(st.mode & 0o777).toString(8)})`,
        { hint: `chmod 600 ${path}` },
      );
    const buf = Buffer.alloc(maxKeyBytes + 1);
    const n = readSync(fd, buf, 0, buf.length, 0);
    if (n > maxKeyBytes) throw new UserError(`evidence key ${path}: over ${maxKeyBytes} bytes`);
    return evidenceSigner(buf.subarray(0, n).toString('utf8'), `evidence key ${path}`);
  } finally {
    closeSync(fd);
  }
}
