import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { Atlas } from '../atlas/schema.js';
import { miniAtlas } from '../atlas/testdata/mini.js';
import { run } from './main.js';
import { captureIo } from './test-io.js';

const dir = mkdtempSync(join(tmpdir(), 'sousveil-atlas-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const path = (name: string): string => join(dir, name);

async function sv(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo();
  const code = await run(args, io);
  return { code, out: io.out(), err: io.err() };
}

const byId = (a: Partial<Atlas>): Partial<Atlas> =>
  Object.fromEntries(
    Object.entries(a).map(([k, v]) => [
      k,
      Array.isArray(v)
        ? [...(v as Array<{ id: string }>)].sort((x, y) => x.id.localeCompare(y.id))
        : v,
    ]),
  );

function records(json: string): Partial<Atlas> {
  const {
    format: _f,
    exported: _e,
    ...rest
  } = JSON.parse(json) as Atlas & { format: string; exported: string };
  return byId(rest);
}

describe('sousveil atlas import and export', () => {
  writeFileSync(path('mini.json'), JSON.stringify(miniAtlas()));

  it('an export imported into an empty store reproduces the same records (JSON)', async () => {
    expect((await sv('atlas', 'import', path('mini.json'), '--db', path('a.db'))).code).toBe(0);
    const first = await sv('atlas', 'export', '--format', 'json', '--db', path('a.db'));
    expect(first.code).toBe(0);
    expect(records(first.out)).toEqual(byId(miniAtlas()));
    writeFileSync(path('export.json'), first.out);
    expect((await sv('atlas', 'import', path('export.json'), '--db', path('b.db'))).code).toBe(0);
    const second = await sv('atlas', 'export', '--format', 'json', '--db', path('b.db'));
    expect(records(second.out)).toEqual(records(first.out));
  });

  it('CSV tables with their datapackage.json import into an empty store unchanged', async () => {
    const out = path('csv');
    expect(
      (await sv('atlas', 'export', '--format', 'csv', '--out', out, '--db', path('a.db'))).code,
    ).toBe(0);
    const pkg = JSON.parse(readFileSync(join(out, 'datapackage.json'), 'utf8')) as {
      resources: Array<{ path: string }>;
    };
    expect(pkg.resources.map((r) => r.path)).toContain('claim_sources.csv');
    expect(
      (await sv('atlas', 'import', join(out, 'datapackage.json'), '--db', path('c.db'))).code,
    ).toBe(0);
    const back = await sv('atlas', 'export', '--format', 'json', '--db', path('c.db'));
    expect(records(back.out)).toEqual(byId(miniAtlas()));
  });

  it('GeoJSON export is an RFC 7946 FeatureCollection', async () => {
    const r = await sv('atlas', 'export', '--format', 'geojson', '--db', path('a.db'));
    const g = JSON.parse(r.out) as {
      type: string;
      crs?: unknown;
      features: Array<Record<string, unknown>>;
    };
    expect(g.type).toBe('FeatureCollection');
    expect(g.crs).toBeUndefined();
    for (const f of g.features) {
      expect(f.type).toBe('Feature');
      expect(typeof f.properties).toBe('object');
      const geometry = f.geometry as { type: string; coordinates: number[] };
      expect(geometry.type).toBe('Point');
      const [lon = NaN, lat = NaN] = geometry.coordinates;
      expect(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90).toBe(true);
    }
  });

  it('a file with a bad row imports nothing and names file, row, field and reason', async () => {
    const out = path('csv');
    const claims = readFileSync(join(out, 'claims.csv'), 'utf8');
    mkdirSync(path('bad'), { recursive: true });
    const bad = claims.replace('4300,number', 'lots,number');
    writeFileSync(path('bad/claims.csv'), bad);
    writeFileSync(
      path('bad/claim_sources.csv'),
      readFileSync(join(out, 'claim_sources.csv'), 'utf8'),
    );
    const before = await sv('atlas', 'export', '--db', path('d.db'));
    const r = await sv(
      'atlas',
      'import',
      path('bad/claims.csv'),
      path('bad/claim_sources.csv'),
      '--db',
      path('d.db'),
    );
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/bad\/claims\.csv: row \d+: value: "lots" is not a number/);
    expect(r.err).toContain('nothing imported');
    const after = await sv('atlas', 'export', '--db', path('d.db'));
    expect(records(after.out)).toEqual(records(before.out));
  });

  it('--skip-invalid imports the good rows and lists the rest', async () => {
    const r = await sv('atlas', 'import', path('mini.json'), '--db', path('e.db'));
    expect(r.code).toBe(0);
    const extra = {
      claims: [
        { ...miniAtlas().claims[0], id: 'fine', value: 7 },
        { ...miniAtlas().claims[0], id: 'dangling', subject: 'project:nowhere' },
      ],
    };
    writeFileSync(path('extra.json'), JSON.stringify(extra));
    const s = await sv(
      'atlas',
      'import',
      path('extra.json'),
      '--skip-invalid',
      '--json',
      '--db',
      path('e.db'),
    );
    expect(s.code).toBe(1);
    const report = JSON.parse(s.out) as {
      written: number;
      problems: Array<{ record: string; field: string }>;
    };
    expect(report.written).toBe(1);
    expect(report.problems).toMatchObject([{ record: 'dangling', field: 'subject' }]);
  });

  it('show finds a project and prints its figures side by side with sources', async () => {
    const r = await sv('atlas', 'show', 'Ecuador', '--db', path('a.db'));
    expect(r.code).toBe(0);
    expect(r.out).toContain('ECU 911');
    expect(r.out).toContain('figures, sources disagree');
    expect(r.out).toMatch(/\[1\] Project 39281 — AidData/);
    const missing = await sv('atlas', 'show', 'Atlantis', '--db', path('a.db'));
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('"Atlantis" is not a country, project, vendor or organisation');
  });
});

describe('sousveil atlas check', () => {
  const data = (mutate: (a: Atlas) => void): string => {
    const a = miniAtlas();
    mutate(a);
    const d = mkdtempSync(join(dir, 'data-'));
    for (const [k, v] of Object.entries(a)) writeFileSync(join(d, `${k}.yaml`), stringify(v));
    return d;
  };

  it('passes sound data', async () => {
    const r = await sv(
      'atlas',
      'check',
      '--dir',
      data(() => undefined),
    );
    expect(r.err).toContain('atlas ok');
    expect(r.code).toBe(0);
  });

  it('catches an unsourced claim, a dangling reference and a bad coordinate', async () => {
    const d = data((a) => {
      a.claims[0]!.sources = [];
      a.projects[0]!.financiers = ['ghost-bank'];
      a.places[0]!.lon = 100;
    });
    const r = await sv('atlas', 'check', '--dir', d, '--json');
    expect(r.code).toBe(1);
    const { errors } = JSON.parse(r.out) as {
      errors: Array<{ record: string; field: string; message: string }>;
    };
    expect(errors.map((e) => `${e.record}|${e.field}|${e.message}`)).toEqual([
      'ecu-911-cameras-seed (#1)|sources|every claim needs at least one source',
      'quito|lat|coordinates -0.2202, 100 are outside Ecuador',
      'ecu-911|financiers.0|unknown organisation "ghost-bank"',
    ]);
  });
});
