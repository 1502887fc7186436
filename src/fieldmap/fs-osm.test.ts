import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadKb } from '../kb/index.js';
import { ParseError } from '../shared/errors.js';
import type { CameraRecord } from '../store/store.js';
import type { Camera } from './camera.js';
import { cameraOfRecord } from './camera-store.js';
import { formatOfName, openOsmFile } from './fs-osm.js';
import { importElements, type CameraSink, type UpsertCounts } from './import.js';
import { MakerResolver } from './maker.js';
import {
  fixtureGeoJson,
  fixtureOsc,
  fixtureOsmXml,
  fixtureOverpassJson,
} from './testdata/osm-fixture.js';

const { kb } = await loadKb();
const makers = new MakerResolver(kb, '2026-11-28');
const dir = mkdtempSync(join(tmpdir(), 'sousveil-osm-'));
const file = (name: string, content: string | Buffer): string => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};

/** The import's port in memory, keeping newer versions like the store does. */
class MemorySink implements CameraSink {
  readonly cameras = new Map<string, Camera>();
  async upsert(records: readonly CameraRecord[]): Promise<UpsertCounts> {
    const c = { inserted: 0, updated: 0, unchanged: 0 };
    for (const cam of records.map(cameraOfRecord)) {
      const old = this.cameras.get(cam.id);
      if (old === undefined) c.inserted++;
      else if ((old.version ?? 0) > (cam.version ?? Infinity)) continue;
      else if (JSON.stringify(old) === JSON.stringify(cam)) c.unchanged++;
      else c.updated++;
      this.cameras.set(cam.id, cam);
    }
    return c;
  }
  async remove(ids: readonly string[]): Promise<number> {
    return ids.filter((id) => this.cameras.delete(id)).length;
  }
  async ids(): Promise<Iterable<string>> {
    return this.cameras.keys();
  }
}

const importFile = async (sink: CameraSink, path: string, maxBytes?: number) =>
  importElements(await openOsmFile(path, maxBytes === undefined ? {} : { maxBytes }), sink, makers);

const cityIds = ['n101', 'n102', 'n103', 'n104', 'n105', 'n106', 'n107', 'n108', 'n109', 'w201'];

describe('OSM file import', () => {
  it.each([
    ['city.osm', fixtureOsmXml()],
    ['city.osm.gz', gzipSync(fixtureOsmXml())],
    ['city.json', fixtureOverpassJson()],
  ])('imports %s: every camera, the building as its centroid', async (name, content) => {
    const sink = new MemorySink();
    const r = await importFile(sink, file(name, content));
    expect([...sink.cameras.keys()].sort()).toEqual(cityIds);
    expect(r).toMatchObject({ cameras: 10, inserted: 10, removed: 0, skipped: [] });
    const w = sink.cameras.get('w201');
    expect(w).toMatchObject({ osmType: 'way', lat: 52.5201, lon: 13.411 });
    expect(sink.cameras.get('n101')).toMatchObject({
      maker: { maker: 'hikvision', covered: true },
      directions: [45],
      operatorType: 'public',
    });
  });

  it('imports a GeoJSON export', async () => {
    const sink = new MemorySink();
    await importFile(sink, file('city.geojson', fixtureGeoJson()));
    expect(sink.cameras.size).toBe(9);
    expect(sink.cameras.get('n105')?.maker?.maker).toBe('hikvision');
  });

  it('is idempotent, and a change file deletes, untags, updates and creates', async () => {
    const sink = new MemorySink();
    const osm = file('again.osm', fixtureOsmXml());
    await importFile(sink, osm);
    expect(await importFile(sink, osm)).toMatchObject({ inserted: 0, updated: 0, unchanged: 10 });
    const r = await importFile(sink, file('change.osc', fixtureOsc()));
    expect(r).toMatchObject({ inserted: 1, updated: 1, removed: 2 });
    expect(sink.cameras.has('n107')).toBe(false);
    expect(sink.cameras.has('n108')).toBe(false);
    expect(sink.cameras.get('n103')).toMatchObject({ version: 5, maker: { maker: 'dahua' } });
    expect(sink.cameras.get('n111')?.maker).toMatchObject({ maker: 'dahua', brand: 'amcrest' });
    // The older extract again: version 5 of 103 stays; 107 and 108 come back as they are in it.
    await importFile(sink, osm);
    expect(sink.cameras.get('n103')?.version).toBe(5);
  });

  it('drops a camera a newer full extract has untagged', async () => {
    const sink = new MemorySink();
    await importFile(sink, file('v1.osm', fixtureOsmXml()));
    const untagged = fixtureOsmXml().replace(
      /(<node id="104"[^>]*>)[\s\S]*?<\/node>/,
      '$1<tag k="highway" v="stop"/></node>',
    );
    const r = await importFile(sink, file('v2.osm', untagged));
    expect(r.removed).toBe(1);
    expect(sink.cameras.has('n104')).toBe(false);
  });

  it('skips bad records with their position and keeps the rest', async () => {
    const sink = new MemorySink();
    const doc = JSON.parse(fixtureGeoJson()) as { features: Record<string, unknown>[] };
    delete doc.features[2]!.properties;
    doc.features[4]!.geometry = { type: 'Point', coordinates: [52.5, 95.1] };
    const r = await importFile(sink, file('messy.geojson', JSON.stringify(doc)));
    expect(sink.cameras.size).toBe(7);
    expect(r.skipped).toEqual([
      { position: 'features[2]', reason: 'no "properties" member (RFC 7946 requires one)' },
      {
        position: 'features[4] (node 105)',
        reason: 'no valid position (lat 95.1, lon 52.5; lat and lon swapped?)',
      },
    ]);
  });

  it('skips an id no OSM element has (beyond ±2^50), naming it, and keeps the rest', async () => {
    const sink = new MemorySink();
    const huge = 2 ** 50 + 1;
    const r = await importFile(
      sink,
      file('huge-id.osm', fixtureOsmXml().replace('<node id="109"', `<node id="${huge}"`)),
    );
    expect([...sink.cameras.keys()].sort()).toEqual(cityIds.filter((id) => id !== 'n109'));
    expect(r.skipped).toEqual([
      {
        position: expect.stringContaining(`(node ${huge})`) as string,
        reason: 'an id beyond ±2^50, which no OSM element has',
      },
    ]);
  });

  it('stops at a broken file with its name and line, keeping what came before', async () => {
    // The store is finished (its index and grid made) for what was written before the error.
    let finished = 0;
    const sink = Object.assign(new MemorySink(), {
      finish: () => {
        finished++;
        return Promise.resolve();
      },
    });
    const broken = fixtureOsmXml().replace('<node id="109"', '<node id="oops"');
    const path = file('broken.osm', broken);
    const err = await importFile(sink, path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ParseError);
    expect((err as Error).message).toMatch(new RegExp(`^${path}:line \\d+: <node> with id "oops"`));
    expect(finished).toBe(1);
    // A finish that fails too leaves the file's error as the one told.
    sink.finish = () => Promise.reject(new Error('disk full'));
    expect(await importFile(sink, path).catch((e: unknown) => e)).toBeInstanceOf(ParseError);
  });

  it('writes the batches read before an error, though fewer than a transaction holds', async () => {
    const sink = new MemorySink();
    const source = {
      name: 'cut.osm.pbf',
      async *read() {
        yield Object.assign(
          [
            {
              type: 'node' as const,
              id: 7,
              lat: 44.8,
              lon: 20.46,
              tags: { man_made: 'surveillance' },
              position: 'block 2',
            },
          ],
          { untagged: 0 },
        );
        throw new ParseError('cut.osm.pbf', 'the file ends inside a block', 'block 3');
      },
    };
    await expect(importElements(source, sink, makers)).rejects.toThrow('ends inside a block');
    expect([...sink.cameras.keys()]).toEqual(['n7']);
  });

  it('counts the bytes it reads against the limit, after decompression', async () => {
    const path = file('big.osm.gz', gzipSync(fixtureOsmXml()));
    const err = await importFile(new MemorySink(), path, 500).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ParseError);
    expect((err as Error).message).toContain('larger than the limit of 500 bytes');
  });

  it('refuses text that is not UTF-8, naming the byte', async () => {
    const bytes = Buffer.concat([
      Buffer.from('<osm><node id="1" lat="1" lon="2"><tag k="a" v="'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('"/></node></osm>'),
    ]);
    const err = await importFile(new MemorySink(), file('latin.osm', bytes)).catch(
      (e: unknown) => e,
    );
    expect((err as Error).message).toMatch(/latin\.osm:after byte 0: not UTF-8 text/);
  });

  it.each([
    ['a.osm', 'xml'],
    ['a.osc.gz', 'xml'],
    ['a.OSM.PBF', 'pbf'],
    ['a.geojson', 'json'],
    ['a.txt', undefined],
  ])('formatOfName(%j) = %j', (name, format) => {
    expect(formatOfName(name)).toBe(format);
  });
});
