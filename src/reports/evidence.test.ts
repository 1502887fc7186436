// Evidence packs: a pack verifies; one changed byte in a photo, the manifest or the signature,
// a file added, or a pack signed by another key than the one given, fails with the file named.
// The key file is made once, mode 0600, and refused when others may read it.
import { chmodSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ZipArchive, entryDataOffset, BytesView } from '../appaudit/index.js';
import { zlibInflate } from '../appaudit/zlib-inflate.js';
import { PackManifest } from '../contract/index.js';
import { MakerResolver } from '../fieldmap/index.js';
import { testKb } from '../kb/test-kb.js';
import { writeZip } from '../shared/zip-write.js';
import { zlibZipCodec } from '../shared/zlib-zip.js';
import type { StoredReport } from '../store/index.js';
import { evidenceSigner, newEvidenceKeyPem, nodePackCrypto } from './crypto-evidence.js';
import { buildEvidencePack, type PackSigner } from './evidence-pack.js';
import { verifyEvidencePack } from './evidence-verify.js';
import { evidenceKeyPath, loadOrCreateEvidenceKey } from './fs-evidence-key.js';

const kb = testKb();
const now = '2026-11-30T15:00:00.000Z';
const photo = Uint8Array.from({ length: 5000 }, (_, i) => (i * 7) & 255);
const photoInfo = {
  type: 'image/jpeg',
  width: 64,
  height: 48,
  bytes: 5000,
  sha256: '',
  redactions: 1,
};
const reports: StoredReport[] = [
  {
    id: 'r1',
    day: '2026-11-29',
    lat: 44.8,
    lon: 20.45,
    status: 'accepted',
    fields: { type: 'camera', brand: 'Rebrand', note: 'my name is Ana' },
    photo: photoInfo,
  },
  {
    id: 'r2',
    day: '2026-11-29',
    lat: 44.9,
    lon: 20.5,
    status: 'accepted',
    fields: { type: 'ALPR' },
  },
];

function pack(signer: PackSigner): Uint8Array {
  return buildEvidencePack(
    {
      reports,
      photos: new Map([['r1', photo]]),
      decisions: new Map([
        [
          'r1',
          [
            {
              reportId: 'r1',
              moderator: 'ana',
              decision: 'accept' as const,
              reason: 'clear photo',
              at: now,
            },
          ],
        ],
      ]),
      kb,
      makers: new MakerResolver(kb, '2026-11-30'),
      asOf: '2026-11-30',
      now,
      generator: 'sousveil 0.1.0',
    },
    { crypto: nodePackCrypto, signer, zip: zlibZipCodec },
  ).bytes;
}

const signer = evidenceSigner(newEvidenceKeyPem(), 'test key');
const good = pack(signer);
const verify = (bytes: Uint8Array, key?: string) =>
  verifyEvidencePack(bytes, 'pack.zip', { crypto: nodePackCrypto, inflate: zlibInflate }, key);

/** The pack with one byte of `name`'s stored data changed. */
function flipIn(bytes: Uint8Array, name: string, at = 10): Uint8Array {
  const zip = new ZipArchive(bytes, 'pack.zip', zlibInflate);
  const entry = zip.find(name)!;
  const copy = bytes.slice();
  const offset =
    entryDataOffset(new BytesView(copy, 'pack.zip'), entry) +
    Math.min(at, entry.compressedSize - 1);
  copy[offset] = copy[offset]! ^ 0x01;
  return copy;
}

describe('evidence packs', () => {
  it('holds the photo, the signed manifest with every hash, the makers and their sources', () => {
    const check = verify(good, signer.publicKeyPem);
    expect(check).toMatchObject({
      ok: true,
      trustedKey: true,
      fingerprint: signer.fingerprint,
      reports: 2,
    });
    const zip = new ZipArchive(good, 'pack.zip', zlibInflate);
    expect(zip.entries.map((e) => e.name)).toEqual([
      'manifest.json',
      'manifest.sig',
      'public-key.pem',
      'photos/r1.jpg',
    ]);
    expect(zip.read(zip.find('photos/r1.jpg')!)).toEqual(photo);
    const text = new TextDecoder().decode(zip.read(zip.find('manifest.json')!));
    const manifest = PackManifest.parse(JSON.parse(text));
    expect(manifest).toMatchObject({ exportedAt: now, generator: 'sousveil 0.1.0' });
    const [maker, ...others] = manifest.makers;
    expect(others).toEqual([]);
    expect(maker).toMatchObject({ id: 'maker', covered: true });
    expect(maker?.sources).toEqual([
      {
        id: 's1',
        title: 'Law',
        publisher: 'Example',
        date: '2019',
        url: 'https://example.org/law',
      },
    ]);
    expect(maker?.restrictions.find((r) => r.id === 'ban')?.sources).toEqual(['s1']);
    expect(manifest.files.map((f) => f.name)).toEqual(['public-key.pem', 'photos/r1.jpg']);
    expect(text).toContain('clear photo');
    expect(text).not.toMatch(/my name is Ana|"ana"/);
  });

  it.each([
    ['photos/r1.jpg', 'photos/r1.jpg: its SHA-256 differs from the manifest'],
    ['manifest.json', 'manifest.json: '],
    ['manifest.sig', 'manifest.sig: '],
    ['public-key.pem', 'public-key.pem: '],
  ])('fails when one byte of %s changes', (name, reason) => {
    const check = verify(flipIn(good, name));
    expect(check.ok).toBe(false);
    if (!check.ok) expect(`${check.file}: ${check.reason}`).toContain(reason);
  });

  it('fails when a file the manifest does not list is added', () => {
    const zip = new ZipArchive(good, 'pack.zip', zlibInflate);
    const files = zip.entries.map((e) => ({ name: e.name, data: zip.read(e) }));
    const bigger = writeZip(
      [...files, { name: 'photos/extra.jpg', data: photo }],
      zlibZipCodec,
      now,
    );
    expect(verify(bigger)).toEqual({
      ok: false,
      file: 'photos/extra.jpg',
      reason: 'is in the pack but not in the manifest',
    });
  });

  it("fails under --key when another key signed it, and passes on the pack's own key", () => {
    const other = evidenceSigner(newEvidenceKeyPem(), 'other key');
    const forged = pack(other);
    expect(verify(forged)).toMatchObject({
      ok: true,
      trustedKey: false,
      fingerprint: other.fingerprint,
    });
    const check = verify(forged, signer.publicKeyPem);
    expect(check).toMatchObject({ ok: false, file: 'manifest.sig' });
    if (!check.ok) expect(check.reason).toContain(`under the key given (${signer.fingerprint}`);
  });

  it('fails on bytes that are not a zip, naming the pack', () => {
    expect(verify(new Uint8Array(100))).toMatchObject({ ok: false, file: 'pack.zip' });
  });
});

describe('the evidence key file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sousveil-evkey-'));
  const path = evidenceKeyPath(join(dir, 'sousveil.db'));

  it('is made once, mode 0600, then read back as the same key', () => {
    const first = loadOrCreateEvidenceKey(path);
    expect(first.created).toBe(true);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    const again = loadOrCreateEvidenceKey(path);
    expect(again.created).toBe(false);
    expect(again.signer.fingerprint).toBe(first.signer.fingerprint);
    expect(first.signer.fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
  });

  it('is refused when others may read it', () => {
    chmodSync(path, 0o644);
    expect(() => loadOrCreateEvidenceKey(path)).toThrow(/others may read it \(mode 644\)/);
    chmodSync(path, 0o600);
  });
});
