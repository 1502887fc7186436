// .osm.pbf import against files written by Debian's osmium-tool from the test's own OSM XML: the
// same cameras as the XML gives, and none of the metadata osmium keeps (user names) in the store.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadKb } from '../kb/index.js';
import { ParseError } from '../shared/errors.js';
import { openSqliteStore } from '../store/index.js';
import { cameraSink } from './camera-store.js';
import type { Camera } from './camera.js';
import { openOsmFile } from './fs-osm.js';
import { importElements } from './import.js';
import { MakerResolver } from './maker.js';
import { fixtureEditors, fixtureOsmXml } from './testdata/osm-fixture.js';

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
    for (const id of await store.cameras.ids())
      cameras.set(id, (await store.cameras.get(id))?.data as Camera);
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

  it('refuses uncompressed blocks, which the PBF library does not read, with the file named', async () => {
    const pbf = join(dir, 'raw.osm.pbf');
    osmium('cat', xml, '-o', pbf, '-O', '-f', 'pbf,pbf_compression=none');
    const err = await importInto(join(dir, 'raw.db'), pbf).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ParseError);
    expect((err as Error).message).toMatch(
      /raw\.osm\.pbf:block \d+, near byte \d+: not a readable \.osm\.pbf: inflating raw not implemented/,
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
});
