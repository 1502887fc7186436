// Benchmark: how near `sousveil map import` can come to `osmium tags-filter` with its design at
// all. In one run, on one generated .osm.pbf (see shared.js), it times:
// - `osmium tags-filter` extracting the cameras (the peer);
// - the whole `sousveil map import`;
// - decoding alone: sousveil's PBF reader in two worker threads, each decoding every second block
//   as the import's readers do, keeping the cameras' elements and doing nothing with them;
// - writing alone: as many rows as the file has cameras, of the stored cameras' shape (a real
//   import of a file a tenth the size, each row written ten times under new keys) into a
//   migrated store, as a first import writes them (in key order, 2,000 per transaction, page
//   cache of 4 MiB), then the position index. No decoding, no normalising, no countries, no
//   cluster grid.
// Decoding and writing can overlap on two cores, so the larger of the two is the floor of an
// import built this way; the ratio of that floor to osmium says how far the rest can go.
// Usage: node bench/map/floor.js [nodes=10000000]   (needs `npm run build` and osmium-tool)
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { timed } from '../shared/gnu-time.js';
import { generatePbf, timeImport, timeOsmium } from './shared.js';

const here = fileURLToPath(import.meta.url);
const root = join(dirname(here), '..', '..');
const dist = (path) => pathToFileURL(join(root, 'dist', path)).href;

if (process.argv[2] === '--decode') await decodeOnly(process.argv[3]);
else if (process.argv[2] === '--write') await writeOnly(process.argv[3], process.argv[4]);
else await main(Number(process.argv[2] ?? 10_000_000));

/** Child: decodes the file in two worker threads, as the import's readers do. */
async function decodeOnly(pbf) {
  const size = statSync(pbf).size;
  const code = `
    import { workerData, parentPort } from 'node:worker_threads';
    const { readPbfHere, importFilter } = await import(${JSON.stringify(dist('fieldmap/fs-osm-pbf.js'))});
    let n = 0;
    for await (const batch of readPbfHere(workerData.pbf, workerData.size,
        { maxBytes: 2 ** 40, shard: { index: workerData.index, count: 2 } },
        importFilter(() => false)))
      n += batch.length;
    parentPort.postMessage(n);`;
  const t0 = performance.now();
  const counts = await Promise.all(
    [0, 1].map(
      (index) =>
        new Promise((resolve, reject) => {
          const w = new Worker(new URL(`data:text/javascript,${encodeURIComponent(code)}`), {
            workerData: { pbf, size, index },
          });
          w.once('message', resolve);
          w.once('error', reject);
        }),
    ),
  );
  const seconds = (performance.now() - t0) / 1000;
  console.log(JSON.stringify({ elements: counts[0] + counts[1], seconds }));
}

/** Child: writes `count` rows shaped like the sample store's cameras into a new store at `db`. */
async function writeOnly(sample, db) {
  const { openSqliteStore } = await import(dist('store/index.js'));
  const { default: Database } = await import('better-sqlite3');
  const rows = new Database(sample, { readonly: true })
    .prepare(
      'SELECT lat, lon, zkey, version, maker, covered, type, operator_type, country, city, city_from_tag, data_json FROM cameras',
    )
    .raw()
    .all();
  const count = rows.length * 10;
  await openSqliteStore(db).close();
  const t0 = performance.now();
  const conn = new Database(db);
  conn.pragma('journal_mode = WAL');
  conn.pragma('synchronous = NORMAL');
  conn.pragma('cache_size = -4096');
  conn.exec('DROP INDEX IF EXISTS cameras_zkey');
  const insert = conn.prepare(
    'INSERT INTO cameras (rowid, lat, lon, zkey, version, maker, covered, type, operator_type, country, city, city_from_tag, data_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const batch = conn.transaction((from, to) => {
    for (let i = from; i < to; i++) insert.run(i * 40, ...rows[i % rows.length]);
  });
  for (let i = 0; i < count; i += 2000) batch(i, Math.min(count, i + 2000));
  conn.pragma('cache_size = -32768');
  conn.pragma('threads = 2');
  conn.exec(
    'CREATE INDEX cameras_zkey ON cameras (zkey, lat, lon, covered, maker, type, operator_type)',
  );
  conn.close();
  console.log(JSON.stringify({ rows: count, seconds: (performance.now() - t0) / 1000 }));
}

async function main(nodes) {
  const work = mkdtempSync(join(tmpdir(), 'sousveil-bench-floor-'));
  const cli = join(root, 'bin', 'sousveil.js');
  try {
    const pbf = join(work, 'bench.osm.pbf');
    const samplePbf = join(work, 'sample.osm.pbf');
    console.log(`generating ${nodes} nodes (${nodes / 10} cameras), and a tenth as a sample…`);
    await generatePbf(pbf, nodes);
    await generatePbf(samplePbf, nodes / 10);
    // The rows to write: a real import of the sample, its cameras written ten times over.
    const sampleDb = join(work, 'sample.db');
    const sample = spawnSync(process.execPath, [cli, 'map', 'import', samplePbf, '--db', sampleDb]);
    if (sample.status !== 0) throw new Error(`the sample's import failed: ${sample.stderr}`);
    const osmium = timeOsmium(pbf, join(work, 'cams.osm.pbf'));
    const importRun = timeImport(pbf, join(work, 'import.db'));
    // Each child times its own part (after its start-up), as {seconds} on its last line.
    const part = (args) => {
      const { stdout, ...run } = timed(process.execPath, [here, ...args], true);
      const inner = JSON.parse(stdout.trim().split('\n').at(-1));
      return { ...inner, seconds: Number(inner.seconds.toFixed(2)), process: run };
    };
    const decode = part(['--decode', pbf]);
    const write = part(['--write', sampleDb, join(work, 'write.db')]);
    const floor = Math.max(decode.seconds, write.seconds);
    const result = {
      nodes,
      cameras: nodes / 10,
      osmiumTagsFilter: osmium,
      sousveilImport: importRun,
      decodeOnly: decode,
      writeOnly: write,
      floorSeconds: floor,
      importRatio: Number((importRun.seconds / osmium.seconds).toFixed(2)),
      floorRatio: Number((floor / osmium.seconds).toFixed(2)),
      loadAverage1m: Number(loadavg()[0].toFixed(1)),
    };
    console.log(JSON.stringify(result, null, 2));
    const out = join(root, 'bench', 'results');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'map-floor.json'), `${JSON.stringify(result, null, 2)}\n`);
    console.log('written to bench/results/map-floor.json');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
