// Benchmark: the street map's store on SQLite (Z-order index), on PostgreSQL with PostGIS, and on
// PostgreSQL without it (GiST over point boxes), over the same N cameras: import and grid
// rebuild time, then p50/p99 of viewport queries at street zoom (cameras in a ~0.01° box), city
// zoom (clusters counted from the cameras in a ~0.3° box) and world zoom (clusters from the grid).
// PostgreSQL at 127.0.0.1:5432 or SOUSVEIL_TEST_POSTGRES; `npm run build` first.
// Usage: node bench/pg-map/run.js [cameras=1000000]
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { loadavg } from 'node:os';
import pg from 'pg';
import { openSqliteStore } from '../../dist/store/index.js';
import { openPostgresStore } from '../../dist/store/postgres/pg-store.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = join(root, 'bench', 'results', 'pg-map');
const n = Number(process.argv[2] ?? 1_000_000);
const admin = process.env.SOUSVEIL_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/postgres';
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

/** Deterministic cameras, denser in a few "cities" as real ones are. */
function cameras(seed) {
  const rand = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
  const cities = Array.from({ length: 40 }, () => [35 + rand() * 25, -10 + rand() * 40]);
  return (i) => {
    const [clat, clon] = cities[i % cities.length];
    const spread = i % 5 === 0 ? 8 : 0.3;
    return {
      id: `n${i}`,
      lat: Math.max(-89, Math.min(89, clat + (rand() - 0.5) * spread)),
      lon: Math.max(-179, Math.min(179, clon + (rand() - 0.5) * spread)),
      version: 1,
      ...(i % 4 === 0 ? {} : { maker: ['hikvision', 'dahua', 'axis'][i % 3] }),
      covered: i % 3 !== 2,
      type: i % 17 === 0 ? 'ALPR' : 'camera',
      data: { id: `n${i}`, direction: i % 360 },
    };
  };
}

async function database(name) {
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const d = new pg.Client({ connectionString: admin });
      await d.connect();
      await d.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await d.end();
    },
  };
}

function percentiles(ms) {
  const s = [...ms].sort((a, b) => a - b);
  const at = (p) => s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
  return { p50: Number(at(50).toFixed(2)), p99: Number(at(99).toFixed(2)) };
}

async function timed(fn) {
  const t = performance.now();
  const r = await fn();
  return [performance.now() - t, r];
}

async function measure(name, store) {
  const make = cameras(7);
  const [importMs] = await timed(async () => {
    for (let i = 0; i < n; i += 10_000)
      await store.cameras.upsert(
        Array.from({ length: Math.min(10_000, n - i) }, (_, k) => make(i + k)),
      );
  });
  const [gridMs] = await timed(() => store.cameras.refreshClusters());
  let seed = 3;
  const rand = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
  const probe = cameras(7);
  const around = (size) => {
    const c = probe(Math.floor(rand() * n));
    return {
      west: c.lon - size / 2,
      south: c.lat - size / 2,
      east: c.lon + size / 2,
      north: c.lat + size / 2,
    };
  };
  const runs = { street: [], city: [], world: [] };
  let found = 0;
  for (let i = 0; i < 200; i++) {
    const [a, cams] = await timed(() => store.cameras.inBox(around(0.01), {}, 10_000));
    runs.street.push(a);
    found += cams.length;
    const [b] = await timed(() => store.cameras.clusters(around(0.3), 0.3 / 16));
    runs.city.push(b);
    if (i < 40) {
      const [c] = await timed(() =>
        store.cameras.clusters({ west: -180, south: -85, east: 180, north: 85 }, 5.625),
      );
      runs.world.push(c);
    }
  }
  return {
    store: name,
    importS: Number((importMs / 1000).toFixed(1)),
    gridS: Number((gridMs / 1000).toFixed(1)),
    streetMs: percentiles(runs.street),
    camerasPerStreetView: Math.round(found / 200),
    cityMs: percentiles(runs.city),
    worldMs: percentiles(runs.world),
  };
}

const results = [];
const sqlite = openSqliteStore(join(out, 'cams.db'));
results.push(await measure('sqlite (Z-order)', sqlite));
await sqlite.close();
for (const index of ['postgis', 'box']) {
  const db = await database(`sousveil_bench_map_${index}`);
  try {
    if (index === 'box') {
      const s = await openPostgresStore(db.url);
      await s.connection.query(
        'DROP INDEX IF EXISTS cameras_geo; CREATE INDEX cameras_box ON cameras USING gist (box(point(lon, lat), point(lon, lat)))',
      );
      await s.close();
    }
    const store = await openPostgresStore(db.url);
    if (store.cameraIndex !== index)
      throw new Error(`wanted the ${index} index, got ${store.cameraIndex}`);
    results.push(
      await measure(`postgres (${index === 'postgis' ? 'PostGIS' : 'GiST on boxes'})`, store),
    );
    await store.close();
  } finally {
    await db.drop();
  }
}
const report = { cameras: n, loadavg: loadavg().map((l) => Number(l.toFixed(2))), results };
writeFileSync(join(out, 'results.json'), `${JSON.stringify(report, null, 2)}\n`);
console.log(JSON.stringify(report, null, 2));
rmSync(join(out, 'cams.db'), { force: true });
