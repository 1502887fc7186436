// Benchmark: a signed evidence pack of N accepted reports, each with a 2048 x 1536 JPEG photo as
// the intake stores them (scikit-image's astronaut.png, Debian python3-skimage, scaled and
// re-encoded at slightly different qualities so no two photos are alike), read from a real SQLite
// store, hashed, signed and zipped in memory; against Info-ZIP `zip -0` (photos stored, as ours
// are) plus `sha256sum` over the same photos written as files (the peer does no signing and no
// store reads); then the pack verified. Median of R runs.
// Peer: apt-get install zip coreutils. Usage: npm run build && node bench/evidence/run.js [N=100] [R=5]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const n = Number(process.argv[2] ?? 100);
const runs = Number(process.argv[3] ?? 5);
const portrait = '/usr/lib/python3/dist-packages/skimage/data/astronaut.png';
const work = mkdtempSync(join(tmpdir(), 'sousveil-bench-evidence-'));

const sharp = createRequire(join(root, 'package.json'))('sharp');
const { openSqliteStore } = await import(join(root, 'dist/store/index.js'));
const { evidencePack } = await import(join(root, 'dist/reports/index.js'));
const { evidenceSigner, newEvidenceKeyPem, nodePackCrypto } = await import(
  join(root, 'dist/reports/index-node.js')
);
const { zlibZipCodec } = await import(join(root, 'dist/shared/zlib-zip.js'));
const { verifyEvidencePack } = await import(join(root, 'dist/reports/index.js'));
const { zlibInflate } = await import(join(root, 'dist/appaudit/zlib-inflate.js'));
const { loadKb } = await import(join(root, 'dist/kb/index.js'));

const base = readFileSync(portrait);
const store = openSqliteStore(join(work, 'bench.db'));
const files = [];
let photoBytes = 0;
for (let i = 0; i < n; i++) {
  const jpeg = await sharp(base)
    .resize(2048, 1536, { fit: 'fill' })
    .jpeg({ quality: 70 + (i % 25) })
    .toBuffer();
  photoBytes += jpeg.length;
  const file = join(work, `r${i}.jpg`);
  writeFileSync(file, jpeg);
  files.push(file);
  const info = {
    type: 'image/jpeg',
    width: 2048,
    height: 1536,
    bytes: jpeg.length,
    sha256: '',
    redactions: 1,
  };
  await store.reports.add({
    id: `r${i}`,
    day: '2026-11-30',
    lat: 44.8 + i / 20000,
    lon: 20.45,
    fields: { type: 'camera', brand: ['Hikvision', 'Dahua', 'Huawei', 'Axis'][i % 4] },
    photo: { info, bytes: new Uint8Array(jpeg) },
  });
  await store.reports.decide({
    reportId: `r${i}`,
    moderator: 'bench',
    decision: 'accept',
    reason: 'ok',
    at: '2026-11-30T10:00:00Z',
  });
}
const { kb } = await loadKb();
const signer = evidenceSigner(newEvidenceKeyPem(), 'bench key');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const ours = [];
let packBytes = 0;
let lastPack;
for (let r = 0; r <= runs; r++) {
  const t = performance.now();
  const pack = await evidencePack(
    store,
    kb,
    { status: 'accepted' },
    { now: new Date().toISOString(), generator: 'bench' },
    { crypto: nodePackCrypto, signer, zip: zlibZipCodec },
  );
  if (r > 0) ours.push(performance.now() - t);
  packBytes = pack.bytes.length;
  lastPack = pack.bytes;
}
const peer = [];
for (let r = 0; r <= runs; r++) {
  rmSync(join(work, 'peer.zip'), { force: true });
  const t = performance.now();
  const z = spawnSync('zip', ['-q', '-0', '-j', join(work, 'peer.zip'), ...files]);
  const h = spawnSync('sha256sum', files);
  if (z.status !== 0 || h.status !== 0)
    throw new Error('zip or sha256sum failed: install zip and coreutils');
  if (r > 0) peer.push(performance.now() - t);
}
const checks = [];
for (let r = 0; r <= runs; r++) {
  const t = performance.now();
  const check = verifyEvidencePack(
    lastPack,
    'bench.zip',
    { crypto: nodePackCrypto, inflate: zlibInflate },
    signer.publicKeyPem,
  );
  if (!check.ok) throw new Error(`${check.file}: ${check.reason}`);
  if (r > 0) checks.push(performance.now() - t);
}
await store.close();
rmSync(work, { recursive: true, force: true });
const [a, b] = [median(ours), median(peer)];
console.log(
  `evidence pack of ${n} reports with photos (${(photoBytes / 2 ** 20).toFixed(1)} MiB of JPEG): ${a.toFixed(0)} ms median of ${runs}, pack ${(packBytes / 2 ** 20).toFixed(1)} MiB`,
);
console.log(
  `zip -q -0 + sha256sum over the same photos: ${b.toFixed(0)} ms; ratio ours/peer ${(a / b).toFixed(2)}`,
);
console.log(`evidence verify of that pack: ${median(checks).toFixed(0)} ms median of ${runs}`);
