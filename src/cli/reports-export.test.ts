// `reports export` and `evidence pack/verify` on a real SQLite file holding accepted, rejected and
// new reports: only accepted ones leave, the pack verifies, and one changed byte or another key
// makes `verify` fail with the file named.
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BytesView, entryDataOffset, ZipArchive } from '../appaudit/index.js';
import { zlibInflate } from '../appaudit/zlib-inflate.js';
import { OsmXmlReader } from '../fieldmap/osm-xml.js';
import { evidenceSigner, newEvidenceKeyPem } from '../reports/index-node.js';
import { openSqliteStore, type NewReport } from '../store/index.js';
import { run } from './main.js';
import { captureIo } from './test-io.js';

const dir = mkdtempSync(join(tmpdir(), 'sousveil-rexp-'));
const db = join(dir, 'reports.db');
const photo = Uint8Array.from({ length: 4000 }, (_, i) => (i * 13) & 255);

const add = (
  id: string,
  fields: NewReport['fields'],
  lat = 44.8171,
  withPhoto = false,
): NewReport => ({
  id,
  day: '2026-11-29',
  lat,
  lon: 20.4571,
  fields,
  ...(withPhoto
    ? {
        photo: {
          info: {
            type: 'image/jpeg',
            width: 80,
            height: 50,
            bytes: photo.length,
            sha256: 'x',
            redactions: 0,
          },
          bytes: photo,
        },
      }
    : {}),
});

beforeAll(async () => {
  const store = openSqliteStore(db);
  await store.reports.add(
    add('acc1', { type: 'camera', brand: 'Hikvision', note: 'Ana, flat 5' }, 44.8171, true),
  );
  await store.reports.add(add('acc2', { type: 'ALPR', operatorSign: 'Traffic, "Police"' }, 45.5));
  await store.reports.add(add('rej1', { type: 'camera', brand: 'Dahua' }));
  await store.reports.add(add('new1', { type: 'camera', brand: 'Huawei' }));
  const decide = (reportId: string, decision: 'accept' | 'reject') =>
    store.reports.decide({
      reportId,
      moderator: 'ana',
      decision,
      reason: 'checked',
      at: '2026-11-30T10:00:00Z',
    });
  await decide('acc1', 'accept');
  await decide('acc2', 'accept');
  await decide('rej1', 'reject');
  await store.close();
});

async function cli(...args: string[]) {
  const io = captureIo();
  const code = await run([...args, '--db', db], io);
  return { code, out: io.out(), err: io.err() };
}

describe('sousveil reports export', () => {
  it('writes only accepted reports as GeoJSON, the maker resolved through the kb, no note', async () => {
    const r = await cli('reports', 'export', '--format', 'geojson');
    expect(r.code).toBe(0);
    expect(r.err).toBe('2 accepted report(s)\n');
    const doc = JSON.parse(r.out) as {
      features: { id: string; properties: Record<string, unknown> }[];
    };
    expect(doc.features.map((f) => f.id)).toEqual(['acc1', 'acc2']);
    expect(doc.features[0]?.properties).toMatchObject({
      brand: 'Hikvision',
      maker: 'hikvision',
      covered: true,
      hasPhoto: true,
    });
    expect(r.out).not.toMatch(/Ana|flat 5|Dahua|Huawei/);
  });

  it('writes CSV and keeps to --bbox', async () => {
    const r = await cli('reports', 'export', '--format', 'csv', '--bbox', '20,44,21,45');
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^acc1,2026-11-29,44\.8171,20\.4571,accepted,camera,/);
  });

  it('writes an osmChange to --out that the OSM reader reads back, and refuses to overwrite it', async () => {
    const out = join(dir, 'reports.osc');
    expect((await cli('reports', 'export', '--format', 'osmchange', '--out', out)).code).toBe(0);
    const reader = new OsmXmlReader(out);
    const nodes = [...reader.push(readFileSync(out, 'utf8')), ...reader.end()];
    expect(nodes.map((n) => [n.id, n.tags['surveillance:type'], n.tags.operator])).toEqual([
      [-1, 'camera', undefined],
      [-2, 'ALPR', 'Traffic, "Police"'],
    ]);
    const again = await cli('reports', 'export', '--format', 'osmchange', '--out', out);
    expect(again.code).toBe(1);
    expect(again.err).toContain('already exists');
  });
});

describe('sousveil evidence pack / verify', () => {
  const pack = join(dir, 'pack.zip');

  it('packs the accepted reports with a key made beside the database, and verifies', async () => {
    const r = await cli('evidence', 'pack', '--status', 'accepted', '--out', pack);
    expect(r.code).toBe(0);
    expect(r.err).toContain('made a new evidence key');
    const keyFile = `${db}.evidence-key.pem`;
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(r.out).toMatch(
      /^.*pack\.zip: 2 report\(s\), 1 photo\(s\), \d+ bytes, exported 2026-11-28T12:00:00.000Z\nsigned with Ed25519 key SHA256:\S{43}\n-----BEGIN PUBLIC KEY-----/,
    );
    const pub = join(dir, 'pub.pem');
    writeFileSync(pub, r.out.slice(r.out.indexOf('-----BEGIN')));
    const v = captureIo();
    expect(await run(['evidence', 'verify', pack, '--key', pub], v)).toBe(0);
    expect(v.out()).toContain('sha256 ok');
    expect(v.out()).toContain('photos/acc1.jpg');
    expect(v.out()).toMatch(/valid: 2 file\(s\), 2 report\(s\)/);
    // The same key signs the next pack.
    expect(
      (await cli('evidence', 'pack', '--reports', 'acc1', '--out', join(dir, 'one.zip'))).err,
    ).toBe('');
  });

  it('fails with the file named after one byte of a photo changes, or under another key', async () => {
    const bytes = new Uint8Array(readFileSync(pack));
    const zip = new ZipArchive(bytes, pack, zlibInflate);
    const entry = zip.find('photos/acc1.jpg')!;
    bytes[entryDataOffset(new BytesView(bytes, pack), entry) + 100]! ^= 0xff;
    const bad = join(dir, 'bad.zip');
    writeFileSync(bad, bytes);
    const v = captureIo();
    expect(await run(['evidence', 'verify', bad], v)).toBe(1);
    expect(v.err()).toBe(
      `${bad}: not valid: photos/acc1.jpg: its SHA-256 differs from the manifest\n`,
    );
    const other = join(dir, 'other.pem');
    writeFileSync(other, evidenceSigner(newEvidenceKeyPem(), 'other').publicKeyPem);
    const k = captureIo();
    expect(await run(['evidence', 'verify', pack, '--key', other], k)).toBe(1);
    expect(k.err()).toContain(
      'not valid: manifest.sig: does not match manifest.json under the key given',
    );
  });

  it.each([
    [['--reports', 'acc1,nope'], 'report "nope" not found'],
    [['--reports', 'acc1', '--status', 'new'], 'give --reports or --status, not both'],
    [[], '--out PACK.zip is required'],
  ])('refuses %j', async (args, why) => {
    const out = args.length === 0 ? [] : ['--out', join(dir, 'x.zip')];
    const r = await cli('evidence', 'pack', ...args, ...out);
    expect(r.code).toBe(1);
    expect(r.err).toContain(why);
    expect(existsSync(join(dir, 'x.zip'))).toBe(false);
  });
});
