import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../shared/csv.js';
import {
  fixtureOsc,
  fixtureOsmXml,
  fixtureOverpassJson,
} from '../fieldmap/testdata/osm-fixture.js';
import { run } from './main.js';
import { captureIo } from './test-io.js';

const dir = mkdtempSync(join(tmpdir(), 'sousveil-map-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo();
  const code = await run(args, io);
  return { code, out: io.out(), err: io.err() };
}

describe('sousveil map', () => {
  const db = join(dir, 'map.db');
  const osm = write('city.osm', fixtureOsmXml());

  it('imports, says what it did, and again changes nothing', async () => {
    const first = await cli('map', 'import', osm, '--db', db);
    expect(first.code).toBe(0);
    expect(first.out).toContain(
      `${osm}: 10 camera(s) from 15 element(s): 10 new, 0 updated, 0 unchanged; 0 removed; 0 skipped`,
    );
    expect(first.out).toContain('© OpenStreetMap contributors');
    const again = await cli('map', 'import', osm, '--db', db, '--json');
    const report = JSON.parse(again.out) as { files: { unchanged: number; inserted: number }[] };
    expect(report.files[0]).toMatchObject({ inserted: 0, unchanged: 10 });
  });

  it('applies a change file and counts by maker', async () => {
    await cli('map', 'import', write('change.osc', fixtureOsc()), '--db', db);
    const { code, out } = await cli('map', 'stats', '--db', db, '--json', '--cell', '1');
    expect(code).toBe(0);
    const stats = JSON.parse(out) as {
      total: number;
      covered: number;
      byMaker: { maker: string; count: number }[];
      areas: { count: number }[];
      attribution: string;
    };
    expect(stats.total).toBe(9);
    expect(stats.byMaker.find((m) => m.maker === 'hikvision')?.count).toBe(2);
    expect(stats.byMaker.find((m) => m.maker === 'dahua')?.count).toBe(4);
    expect(stats.areas.map((a) => a.count)).toEqual([8, 1]);
    expect(stats.attribution).toContain('ODbL');
    const text = await cli('map', 'stats', '--db', db, '--bbox', '13,52,14,53');
    expect(text.out).toMatch(/^8 camera\(s\), \d+ covered/);
  });

  it('counts by country and by city, with covered shares', async () => {
    const byCountry = await cli('map', 'stats', '--db', db, '--by', 'country', '--json');
    const json = JSON.parse(byCountry.out) as {
      by: string;
      groups: { name: string; cameras: number; covered: number; coveredShare: number }[];
    };
    expect(json.by).toBe('country');
    expect(json.groups.map((g) => [g.name, g.cameras])).toEqual([
      ['Germany', 8],
      ['Portugal', 1],
    ]);
    const pt = json.groups[1];
    expect(pt).toMatchObject({ covered: 1, coveredShare: 1 });
    const text = await cli('map', 'stats', '--db', db, '--by', 'city');
    // The fixture has no place nodes and no addr:city: every camera's city is unknown.
    expect(text.out).toMatch(/^CITY +CAMERAS +COVERED\nunknown +9 +\d+%$/m);
    const bad = await cli('map', 'stats', '--db', db, '--by', 'street');
    expect(bad.err).toContain('--by: "street" is not one of maker, country, city');
  });

  it('exports GeoJSON and CSV with filters and attribution', async () => {
    const geo = await cli('map', 'export', '--db', db, '--maker', 'HikVision');
    const fc = JSON.parse(geo.out) as {
      attribution: string;
      features: { id: string; properties: { maker: string; osm: string } }[];
    };
    expect(fc.attribution).toContain('OpenStreetMap contributors');
    expect(fc.features.map((f) => f.id).sort()).toEqual(['n101', 'n105']);
    expect(fc.features[0]?.properties.osm).toBe('https://www.openstreetmap.org/node/101');
    const out = join(dir, 'covered.csv');
    const csv = await cli(
      'map',
      'export',
      '--db',
      db,
      '--format',
      'csv',
      '--covered',
      'false',
      '--output',
      out,
    );
    expect(csv.err).toContain(`camera(s) written to ${out}`);
    const rows = parseCsv(readFileSync(out, 'utf8'), ',').records.map((r) => r.fields);
    expect(rows[0]).toEqual(expect.arrayContaining(['id', 'lat', 'lon', 'covered', 'attribution']));
    expect(
      rows
        .slice(1)
        .map((r) => r[0])
        .sort(),
    ).toEqual(['n104', 'w201']);
    expect(rows[1]?.at(-1)).toBe('© OpenStreetMap contributors, ODbL');
  });

  it.each([
    [['map', 'export', '--bbox', '1,2,3'], 'bbox "1,2,3" is not west,south,east,north'],
    [['map', 'export', '--maker', 'Nobody Inc'], 'maker "Nobody Inc" is not in the knowledge base'],
    [['map', 'export', '--format', 'kml'], 'sousveil: --format: "kml" is not one of geojson, csv'],
    [
      ['map', 'stats', '--covered', 'maybe'],
      'sousveil: --covered: "maybe" is not one of true, false',
    ],
    [['map', 'import'], 'sousveil: map import: name at least one file'],
  ])('refuses %j', async (args, message) => {
    const r = await cli(...args, '--db', db);
    expect(r.code).toBe(1);
    expect(r.err).toContain(message);
  });

  it('names the file and position of bad input, keeping the files before it', async () => {
    const other = join(dir, 'other.db');
    const good = write('good.json', fixtureOverpassJson());
    const bad = write(
      'bad.osm',
      '<osm>\n<node id="1" lat="1" lon="2">\n<tag k="man_made" v="surveillance"/>\n</way></osm>',
    );
    const r = await cli('map', 'import', good, bad, '--db', other);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${bad}:line`);
    const stats = await cli('map', 'stats', '--db', other, '--json');
    expect((JSON.parse(stats.out) as { total: number }).total).toBe(10);
  });
});
