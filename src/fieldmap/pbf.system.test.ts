// .osm.pbf import against files written by Debian's osmium-tool from the test's own OSM XML: the
// same cameras as the XML gives, and none of the metadata osmium keeps (user names) in the store.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadKb } from '../kb/index.js';
import { ParseError } from '../shared/errors.js';
import { openSqliteStore } from '../store/index.js';
import { cameraOfRecord, cameraSink } from './camera-store.js';
import type { Camera } from './camera.js';
import { countryLocator } from './fs-countries.js';
import { openOsmFile } from './fs-osm.js';
import { importElements } from './import.js';
import { ElementIds } from './osm-element.js';
import { MakerResolver } from './maker.js';
import { fixtureEditors, fixtureOsmXml } from './testdata/osm-fixture.js';

const cliPath = new URL('../../bin/sousveil.js', import.meta.url).pathname;
const builtWorker = new URL('../../dist/fieldmap/fs-osm-pbf-worker.js', import.meta.url).pathname;

/** The built CLI (`npm run build`), where PBF blocks are decoded in a worker thread. */
function cli(...args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [cliPath, ...args], { encoding: 'utf8' });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

const { kb } = await loadKb();
const makers = new MakerResolver(kb, '2026-11-28');
const dir = mkdtempSync(join(tmpdir(), 'sousveil-pbf-'));
const xml = join(dir, 'city.osm');
writeFileSync(xml, fixtureOsmXml());

function osmium(...args: string[]): void {
  execFileSync('osmium', args, { stdio: 'pipe' });
}

async function importInto(db: string, path: string) {
  const store = openSqliteStore(db);
  try {
    const report = await importElements(await openOsmFile(path), cameraSink(store.cameras), makers);
    const cameras = new Map<string, Camera>();
    for (const id of await store.cameras.ids()) {
      const record = await store.cameras.get(id);
      if (record !== undefined) cameras.set(id, cameraOfRecord(record));
    }
    return { report, cameras };
  } finally {
    await store.close();
  }
}

const withoutVersion = (c: Camera | undefined): Omit<Camera, 'version'> | undefined => {
  if (c === undefined) return undefined;
  const { version: _v, ...rest } = c;
  return rest;
};

describe('.osm.pbf import (osmium-tool)', () => {
  it.each([
    ['dense nodes', 'pbf'],
    ['plain nodes', 'pbf,pbf_dense_nodes=false'],
  ])('reads %s to the same cameras as the XML', async (_name, format) => {
    const pbf = join(dir, `city-${format.replaceAll(/[^a-z]/g, '')}.osm.pbf`);
    osmium('cat', xml, '-o', pbf, '-O', '-f', format);
    // osmium keeps the mappers' names in the PBF: the file has them, the store must not.
    expect(execFileSync('osmium', ['cat', pbf, '-f', 'opl']).toString()).toContain(
      fixtureEditors.users[0],
    );
    const fromXml = await importInto(join(dir, `xml-${format}.db`), xml);
    const db = join(dir, `pbf-${format}.db`);
    const fromPbf = await importInto(db, pbf);
    expect(fromPbf.report).toMatchObject({ cameras: 10, inserted: 10, skipped: [] });
    expect([...fromPbf.cameras.keys()].sort()).toEqual([...fromXml.cameras.keys()].sort());
    for (const [id, c] of fromXml.cameras)
      expect(withoutVersion(fromPbf.cameras.get(id)), id).toEqual(withoutVersion(c));
    const bytes = ['', '-wal']
      .map((s) => db + s)
      .filter((p) => existsSync(p))
      .map((p) => readFileSync(p).toString('latin1'))
      .join('');
    for (const secret of [...fixtureEditors.users, ...fixtureEditors.uids])
      expect(bytes).not.toContain(secret);
  });

  it('reads uncompressed blocks too, and versions as the XML has them', async () => {
    const pbf = join(dir, 'raw.osm.pbf');
    osmium('cat', xml, '-o', pbf, '-O', '-f', 'pbf,pbf_compression=none');
    const fromXml = await importInto(join(dir, 'xml-raw.db'), xml);
    const fromPbf = await importInto(join(dir, 'raw.db'), pbf);
    expect(fromPbf.report).toMatchObject({ cameras: 10, inserted: 10, skipped: [] });
    for (const [id, c] of fromXml.cameras) expect(fromPbf.cameras.get(id), id).toEqual(c);
  });

  it('refuses a block compressed in a way it does not read, naming file and block', async () => {
    const pbf = join(dir, 'city-lz4.osm.pbf');
    osmium('cat', xml, '-o', pbf, '-O', '-f', 'pbf,pbf_compression=lz4');
    const err = await importInto(join(dir, 'lz4.db'), pbf).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ParseError);
    expect((err as Error).message).toMatch(
      /city-lz4\.osm\.pbf:block \d+, near byte \d+: not a readable \.osm\.pbf: a block compressed with lz4/,
    );
  });

  it('names the file of a broken PBF', async () => {
    const pbf = join(dir, 'city.osm.pbf');
    osmium('cat', xml, '-o', pbf, '-O');
    const whole = readFileSync(pbf);
    const cut = join(dir, 'cut.osm.pbf');
    writeFileSync(cut, whole.subarray(0, whole.length - 20));
    const err = await importInto(join(dir, 'cut.db'), cut).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ParseError);
    expect((err as Error).message).toContain(`${cut}:block`);
  });

  it('decodes in a worker thread in the built CLI: every element counted, untagged cameras removed, errors named', async () => {
    if (!existsSync(builtWorker)) throw new Error('dist is missing: run `npm run build` first');
    const pbf = join(dir, 'cli.osm.pbf');
    osmium('cat', xml, '-o', pbf, '-O');
    const db = join(dir, 'cli.db');
    const first = cli('map', 'import', pbf, '--db', db, '--json');
    expect(first.err).toBe('');
    const report = (JSON.parse(first.out) as { files: Record<string, unknown>[] }).files[0];
    expect(report).toMatchObject({ elements: 15, cameras: 10, inserted: 10, skipped: [] });
    // The worker made the cameras (maker, country) exactly as the import does in one thread.
    const inThread = openSqliteStore(join(dir, 'in-thread.db'));
    const cliStore = openSqliteStore(db, { access: 'read' });
    try {
      await importElements(
        await openOsmFile(pbf),
        cameraSink(inThread.cameras),
        makers,
        undefined,
        {
          countries: countryLocator(),
        },
      );
      const ids = (await inThread.cameras.ids()).sort();
      expect((await cliStore.cameras.ids()).sort()).toEqual(ids);
      for (const id of ids) {
        const want = await inThread.cameras.get(id);
        expect(want?.country, id).toBeTruthy();
        expect(await cliStore.cameras.get(id), id).toEqual(want);
      }
    } finally {
      await inThread.close();
      await cliStore.close();
    }
    // A newer extract where node 101 lost its tag: the worker keeps it (a camera the store
    // holds) although it is untagged now, and the import takes it off the map.
    const untagged = join(dir, 'untagged.osm');
    writeFileSync(
      untagged,
      fixtureOsmXml().replace(/(<node id="101"[^>]*>)[\s\S]*?<\/node>/, (_m, open: string) =>
        open.replace(/>$/, '/>'),
      ),
    );
    const newer = join(dir, 'untagged.osm.pbf');
    osmium('cat', untagged, '-o', newer, '-O');
    const again = cli('map', 'import', newer, '--db', db, '--json');
    const second = (JSON.parse(again.out) as { files: Record<string, unknown>[] }).files[0];
    expect(second).toMatchObject({ elements: 15, cameras: 9, removed: 1 });
    const whole = readFileSync(pbf);
    const cut = join(dir, 'cli-cut.osm.pbf');
    writeFileSync(cut, whole.subarray(0, whole.length - 20));
    const broken = cli('map', 'import', cut, '--db', join(dir, 'cut-cli.db'));
    expect(broken.code).toBe(1);
    expect(broken.err).toContain(`${cut}:block`);
  });

  it('skips a camera whose id no OSM element has in the built CLI too, naming it, and keeps the rest', async () => {
    const huge = 2 ** 50 + 1;
    const odd = join(dir, 'huge-id.osm');
    writeFileSync(odd, fixtureOsmXml().replace('<node id="109"', `<node id="${huge}"`));
    const pbf = join(dir, 'huge-id.osm.pbf');
    osmium('cat', odd, '-o', pbf, '-O');
    const run = cli('map', 'import', pbf, '--db', join(dir, 'huge-id.db'), '--json');
    expect(run.code).toBe(0);
    const report = (JSON.parse(run.out) as { files: Record<string, unknown>[] }).files[0];
    expect(report).toMatchObject({
      cameras: 9,
      inserted: 9,
      skipped: [
        {
          position: expect.stringContaining(`(node ${huge})`) as string,
          reason: 'an id beyond ±2^50, which no OSM element has',
        },
      ],
    });
  });

  it('gives the same batches in block order from two workers as from one, and the same error', async () => {
    if (!existsSync(builtWorker)) throw new Error('dist is missing: run `npm run build` first');
    const { readPbfInWorkers } = (await import(
      new URL('../../dist/fieldmap/fs-osm-pbf-workers.js', import.meta.url).href
    )) as typeof import('./fs-osm-pbf-workers.js');
    // 40,000 nodes: osmium writes 8,000 to a block, so five data blocks, one camera in ten.
    const nodes = Array.from({ length: 40_000 }, (_, i) => {
      const at = `<node id="${i + 1}" version="1" lat="${(45 + i / 1e5).toFixed(7)}" lon="${(10 + i / 1e5).toFixed(7)}"`;
      return i % 10 === 0
        ? `${at}><tag k="man_made" v="surveillance"/><tag k="brand" v="${i % 20 === 0 ? 'Hikvision' : 'Axis'}"/></node>`
        : `${at}/>`;
    });
    const big = join(dir, 'blocks.osm');
    writeFileSync(big, `<?xml version="1.0"?>\n<osm version="0.6">\n${nodes.join('\n')}\n</osm>\n`);
    const pbf = join(dir, 'blocks.osm.pbf');
    osmium('cat', big, '-o', pbf, '-O');
    const read = async (path: string, count: number) => {
      const seen: string[] = [];
      let untagged = 0;
      let batches = 0;
      try {
        for await (const batch of readPbfInWorkers(
          path,
          readFileSync(path).length,
          { maxBytes: 2 ** 30 },
          { keep: new ElementIds([]), prepare: { asOf: '2026-11-28', countries: false } },
          count,
        )) {
          batches++;
          untagged += batch.untagged ?? 0;
          for (const el of batch) seen.push(`${el.type} ${'id' in el ? el.id : ''}`);
          for (const c of batch.cameras ?? [])
            seen.push(`${c.id} ${c.maker ?? ''} ${c.dataJson ?? ''}`);
        }
        return { seen, untagged, batches };
      } catch (e) {
        return { error: (e as Error).message, seen };
      }
    };
    const one = await read(pbf, 1);
    expect(one).toMatchObject({ untagged: 36_000, batches: 5 });
    expect(one.seen).toHaveLength(4_000);
    expect(one.seen[1]).toMatch(/^n11 axis \{"directions":\[\]/);
    expect(await read(pbf, 2)).toEqual(one);
    const whole = readFileSync(pbf);
    const cut = join(dir, 'blocks-cut.osm.pbf');
    writeFileSync(cut, whole.subarray(0, whole.length - 20));
    const cutOne = await read(cut, 1);
    expect(cutOne).toMatchObject({ error: expect.stringContaining('block 6') as unknown });
    expect(await read(cut, 2)).toEqual(cutOne);
  });
});
