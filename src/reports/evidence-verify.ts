// Checking an evidence pack (pure): the archive opened with the project's bounded ZIP reader, the
// Ed25519 signature over manifest.json's exact bytes, then every file against its size and
// SHA-256, and no file the manifest does not list. The first failure is one reason naming a file.
import { PackManifest } from '../contract/index.js';
import { defaultReadLimits, ZipArchive, type Inflate } from '../appaudit/index.js';
import { SousveilError } from '../shared/errors.js';
import { fromHex, MANIFEST, PUBLIC_KEY, SIGNATURE, type PackCrypto } from './evidence-pack.js';

/** What a valid pack was checked for; or the file that failed, and why. */
export type PackCheck =
  | {
      ok: true;
      fingerprint: string;
      /** Whether the signature was checked against a key given by the caller, not the pack's own. */
      trustedKey: boolean;
      generator: string;
      exportedAt: string;
      reports: number;
      files: { name: string; bytes: number; sha256: string }[];
    }
  | { ok: false; file: string; reason: string };

/** Packs hold photos of at most a few MiB each: bound what one may make us read. */
const packLimits = {
  ...defaultReadLimits,
  maxEntries: 70_000,
  maxEntryBytes: 64 * 1024 ** 2,
  maxInflatedBytes: 1024 ** 3,
};

class Failed extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
  }
}

/**
 * Checks the pack's bytes. With `trustedKeyPem`, the signature must be by that key; without it,
 * by the key the pack carries (which proves the pack is whole, not who made it).
 */
export function verifyEvidencePack(
  bytes: Uint8Array,
  source: string,
  deps: { crypto: PackCrypto; inflate: Inflate },
  trustedKeyPem?: string,
): PackCheck {
  try {
    return check(bytes, source, deps, trustedKeyPem);
  } catch (e) {
    if (e instanceof Failed) return { ok: false, file: e.file, reason: e.reason };
    if (e instanceof SousveilError)
      return { ok: false, file: source, reason: e.message.replace(`${source}: `, '') };
    throw e;
  }
}

function check(
  bytes: Uint8Array,
  source: string,
  deps: { crypto: PackCrypto; inflate: Inflate },
  trustedKeyPem: string | undefined,
): Extract<PackCheck, { ok: true }> {
  const zip = new ZipArchive(bytes, source, deps.inflate, packLimits);
  const names = new Set<string>();
  for (const e of zip.entries) {
    if (names.has(e.name)) throw new Failed(e.name, 'is in the pack twice');
    names.add(e.name);
  }
  const read = (name: string): Uint8Array => {
    const entry = zip.find(name);
    if (entry === undefined) throw new Failed(name, 'is missing from the pack');
    try {
      return zip.read(entry);
    } catch (e) {
      throw new Failed(
        name,
        e instanceof Error ? e.message.replace(`${source}: `, '') : 'unreadable',
      );
    }
  };
  const manifestBytes = read(MANIFEST);
  const signature = fromHex(new TextDecoder().decode(read(SIGNATURE)));
  if (signature?.length !== 64)
    throw new Failed(SIGNATURE, 'is not a 64-byte Ed25519 signature in hex');
  let manifestJson: unknown;
  try {
    manifestJson = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(manifestBytes));
  } catch {
    throw new Failed(MANIFEST, 'is not JSON');
  }
  const parsed = PackManifest.safeParse(manifestJson);
  if (!parsed.success)
    throw new Failed(
      MANIFEST,
      `field ${parsed.error.issues[0]?.path.join('.') ?? ''} is not valid`,
    );
  const manifest = parsed.data;
  const keyPem = trustedKeyPem ?? manifest.key.publicKey;
  const fingerprint = deps.crypto.fingerprint(keyPem);
  if (!deps.crypto.verify(keyPem, manifestBytes, signature))
    throw new Failed(
      SIGNATURE,
      trustedKeyPem === undefined
        ? `does not match manifest.json under the pack's key ${fingerprint}`
        : `does not match manifest.json under the key given (${fingerprint}; the pack names ${manifest.key.fingerprint})`,
    );
  const listed = new Set([MANIFEST, SIGNATURE]);
  for (const f of manifest.files) {
    listed.add(f.name);
    const data = read(f.name);
    if (data.length !== f.bytes)
      throw new Failed(f.name, `holds ${data.length} bytes, the manifest says ${f.bytes}`);
    if (deps.crypto.sha256(data) !== f.sha256)
      throw new Failed(f.name, 'its SHA-256 differs from the manifest');
  }
  if (new TextDecoder().decode(read(PUBLIC_KEY)) !== manifest.key.publicKey)
    throw new Failed(PUBLIC_KEY, 'is not the key the manifest names');
  const extra = zip.entries.find((e) => !listed.has(e.name));
  if (extra !== undefined) throw new Failed(extra.name, 'is in the pack but not in the manifest');
  return {
    ok: true,
    fingerprint,
    trustedKey: trustedKeyPem !== undefined,
    generator: manifest.generator,
    exportedAt: manifest.exportedAt,
    reports: manifest.reports.length,
    files: manifest.files,
  };
}
