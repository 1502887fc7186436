// Evidence packs (pure): the selected reports' photos as stored, `manifest.json` (every file's
// SHA-256, the reports' fields and decisions, what the kb says of each maker with its sources, the
// time of export, the program's version, the public key) and `manifest.sig`, the Ed25519 signature
// of manifest.json's exact bytes in hex. Hashing and signing come in from the adapter (node:crypto).
import type { PackMaker, PackManifest, PackReport } from '../contract/index.js';
import { describeVendor, type Kb } from '../kb/index.js';
import type { ZipCodec, ZipInput } from '../shared/zip-write.js';
import { writeZip } from '../shared/zip-write.js';
import type { ReportDecision, StoredReport } from '../store/index.js';
import { exportedReport, type MakerLookup } from './export-rows.js';

/** The signing half of the server's key. */
export interface PackSigner {
  publicKeyPem: string;
  fingerprint: string;
  sign(data: Uint8Array): Uint8Array;
}

/** Hashes, signature checks and fingerprints (node:crypto in adapters). */
export interface PackCrypto {
  /** Lower-case hex. */
  sha256(data: Uint8Array): string;
  verify(publicKeyPem: string, data: Uint8Array, signature: Uint8Array): boolean;
  fingerprint(publicKeyPem: string): string;
}

/** What goes in a pack: reports with their photos' bytes and decisions. */
export interface PackInput {
  reports: readonly StoredReport[];
  photos: ReadonlyMap<string, Uint8Array>;
  decisions: ReadonlyMap<string, readonly ReportDecision[]>;
  kb: Kb;
  makers: MakerLookup;
  /** The day the kb's restrictions are read on. */
  asOf: string;
  /** ISO time of the export. */
  now: string;
  /** `sousveil 0.1.0`. */
  generator: string;
}

export const MANIFEST = 'manifest.json';
export const SIGNATURE = 'manifest.sig';
export const PUBLIC_KEY = 'public-key.pem';

/** What the kb says of a maker on `asOf`: covered or not, the restrictions reaching it, every source. */
export function packMaker(kb: Kb, vendorId: string, asOf: string): PackMaker {
  const v = describeVendor(kb, vendorId, asOf);
  const ids = new Set(v.sources);
  for (const r of v.restrictions) for (const s of r.sources) ids.add(s);
  const sources = [...ids].sort().map((id) => {
    const s = kb.sources.get(id);
    return {
      id,
      title: s?.title ?? '',
      publisher: s?.publisher ?? '',
      date: s?.date ?? '',
      url: s?.url ?? '',
    };
  });
  return {
    id: v.vendor.id,
    name: v.vendor.name,
    country: v.vendor.country,
    covered: v.covered,
    coverage: v.category,
    restrictions: v.restrictions.map((r) => ({
      id: r.restriction,
      title: r.title,
      jurisdiction: r.jurisdiction,
      status: r.status,
      ...(r.since === undefined ? {} : { since: r.since }),
      sources: [...r.sources],
    })),
    sources,
  };
}

/** The pack's path of a report's photo. */
export const photoPath = (id: string): string => `photos/${id}.jpg`;

function packReport(r: StoredReport, input: PackInput): PackReport {
  const photo = input.photos.has(r.id) && r.photo !== undefined ? r.photo : undefined;
  return {
    ...exportedReport(r, input.makers),
    hasPhoto: photo !== undefined,
    photo:
      photo === undefined
        ? null
        : {
            file: photoPath(r.id),
            width: photo.width,
            height: photo.height,
            redactions: photo.redactions,
          },
    // Moderators' names stay out: the pack is handed to others; the audit log keeps them.
    decisions: (input.decisions.get(r.id) ?? []).map((d) => ({
      decision: d.decision,
      reason: d.reason,
      at: d.at,
    })),
  };
}

/** Builds and signs a pack; answers the zip's bytes and the manifest it signed. */
export function buildEvidencePack(
  input: PackInput,
  deps: { crypto: PackCrypto; signer: PackSigner; zip: ZipCodec },
): { bytes: Uint8Array; manifest: PackManifest } {
  const enc = new TextEncoder();
  const files: ZipInput[] = [{ name: PUBLIC_KEY, data: enc.encode(deps.signer.publicKeyPem) }];
  const reports = input.reports.map((r) => packReport(r, input));
  for (const r of reports) {
    const bytes = r.photo === null ? undefined : input.photos.get(r.id);
    if (r.photo !== null && bytes !== undefined)
      files.push({ name: r.photo.file, data: bytes, store: true });
  }
  const makerIds = [...new Set(reports.flatMap((r) => (r.maker === null ? [] : [r.maker])))];
  const manifest: PackManifest = {
    format: 'sousveil-evidence-pack/1',
    generator: input.generator,
    exportedAt: input.now,
    key: {
      algorithm: 'Ed25519',
      publicKey: deps.signer.publicKeyPem,
      fingerprint: deps.signer.fingerprint,
    },
    files: files.map((f) => ({
      name: f.name,
      bytes: f.data.length,
      sha256: deps.crypto.sha256(f.data),
    })),
    reports,
    makers: makerIds.sort().map((id) => packMaker(input.kb, id, input.asOf)),
  };
  const manifestBytes = enc.encode(`${JSON.stringify(manifest, null, 2)}\n`);
  const signature = deps.signer.sign(manifestBytes);
  const all: ZipInput[] = [
    { name: MANIFEST, data: manifestBytes },
    { name: SIGNATURE, data: enc.encode(`${toHex(signature)}\n`) },
    ...files,
  ];
  return { bytes: writeZip(all, deps.zip, input.now), manifest };
}

/** Bytes as lower-case hex (the signature file's text). */
export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

/** Hex text back to bytes; undefined when it is not an even run of hex digits. */
export function fromHex(text: string): Uint8Array | undefined {
  const s = text.trim();
  if (s.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(s)) return undefined;
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return out;
}
