// The exports against other programs: osmium-tool reads the osmChange (hostile text included) and
// Info-ZIP's `unzip -t` tests every entry of an evidence pack (CRC-32 included).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MakerResolver } from '../fieldmap/index.js';
import { testKb } from '../kb/test-kb.js';
import { zlibZipCodec } from '../shared/zlib-zip.js';
import type { StoredReport } from '../store/index.js';
import { evidenceSigner, newEvidenceKeyPem, nodePackCrypto } from './crypto-evidence.js';
import { buildEvidencePack } from './evidence-pack.js';
import { OsmXmlReader } from '../fieldmap/osm-xml.js';
import { osmTagsOf, reportsOsmChange } from './osmchange.js';

const dir = mkdtempSync(join(tmpdir(), 'sousveil-rexp-sys-'));
const run = (cmd: string, ...args: string[]): string =>
  execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

const reports: StoredReport[] = Array.from({ length: 30 }, (_, i) => ({
  id: `r${i}`,
  day: '2026-11-30',
  lat: 44.8 + i / 20000,
  lon: -20.45 - i / 20000,
  status: 'accepted',
  fields: {
    type: i % 3 === 0 ? 'ALPR' : 'camera',
    cameraType: 'dome',
    direction: (i * 37) % 360,
    brand: `Brand <${i}> & "Söhne" 'x' 📷`,
    operatorSign: 'Grad Beograd\tMUP\nSrbija',
  },
  ...(i % 2 === 0
    ? { photo: { type: 'image/jpeg', width: 8, height: 8, bytes: 600, sha256: '', redactions: 0 } }
    : {}),
}));

describe('osmChange and evidence packs in other programs', () => {
  it('osmium fileinfo and osmium cat read the osmChange, every node and tag', () => {
    const osc = join(dir, 'reports.osc');
    writeFileSync(osc, reportsOsmChange(reports, 'sousveil 0.1.0 "test" <&>'));
    const info = run('osmium', 'fileinfo', '-e', '-j', osc);
    const doc = JSON.parse(info) as {
      data: { count: { nodes: number }; minid: { nodes: number } };
    };
    expect(doc.data.count.nodes).toBe(30);
    expect(doc.data.minid.nodes).toBe(-30);
    // osmium writes the nodes out again as OSM XML; our reader finds every tag value unchanged.
    const reader = new OsmXmlReader('osmium output');
    const xml = run('osmium', 'cat', osc, '-f', 'osm');
    const nodes = [...reader.push(xml), ...reader.end()];
    expect(nodes.map((n) => n.tags)).toEqual(reports.map((r) => Object.fromEntries(osmTagsOf(r))));
    expect(nodes[0]?.tags.brand).toBe(`Brand <0> & "Söhne" 'x' 📷`);
  });

  it('unzip -t tests every entry of a pack of 30 reports with photos', () => {
    const photos = new Map(
      reports
        .filter((r) => r.photo)
        .map((r, i) => [r.id, Uint8Array.from({ length: 600 }, (_, k) => (k * i) & 255)]),
    );
    const kb = testKb();
    const { bytes } = buildEvidencePack(
      {
        reports,
        photos,
        decisions: new Map(),
        kb,
        makers: new MakerResolver(kb, '2026-11-30'),
        asOf: '2026-11-30',
        now: '2026-11-30T15:00:00.000Z',
        generator: 'sousveil 0.1.0',
      },
      {
        crypto: nodePackCrypto,
        signer: evidenceSigner(newEvidenceKeyPem(), 'k'),
        zip: zlibZipCodec,
      },
    );
    const pack = join(dir, 'pack.zip');
    writeFileSync(pack, bytes);
    const out = run('unzip', '-t', pack);
    expect(out).toContain('No errors detected');
    expect(out.match(/OK$/gm)).toHaveLength(3 + photos.size);
    expect(run('unzip', '-Z1', pack).trim().split('\n')).toEqual([
      'manifest.json',
      'manifest.sig',
      'public-key.pem',
      ...[...photos.keys()].map((id) => `photos/${id}.jpg`),
    ]);
  });
});
