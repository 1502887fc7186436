// Benchmark: a 12-megapixel report photo made safe (decoded, turned upright, scaled to 2048 px,
// faces and licence plates found and boxed out, re-encoded without metadata) against ImageMagick doing the part it
// can do (`convert -auto-orient -resize 2048x2048> -strip -quality 82`: no face detection), on the
// same file, in the same run; median of N runs each, after one warm-up. The photo is scikit-image's
// astronaut.png (Debian python3-skimage) stretched to 4000 x 3000 and saved as a JPEG.
// Peer: apt-get install imagemagick. Usage: npm run build && node bench/reports/run.js [runs=5]
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const runs = Number(process.argv[2] ?? 5);
const portrait = '/usr/lib/python3/dist-packages/skimage/data/astronaut.png';
const work = mkdtempSync(join(tmpdir(), 'sousveil-bench-reports-'));
const out = join(root, 'bench', 'results');
mkdirSync(out, { recursive: true });

const sharp = createRequire(join(root, 'package.json'))('sharp');
const { makePhotoSafe, tfjsFaceDetector, haarPlateDetector } = await import(
  join(root, 'dist/reports/index-node.js')
);

const input = await sharp(readFileSync(portrait))
  .resize(4000, 3000, { fit: 'fill' })
  .jpeg({ quality: 90 })
  .toBuffer();
const inputFile = join(work, 'photo.jpg');
writeFileSync(inputFile, input);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
async function timed(fn) {
  await fn();
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return median(times);
}

const detect = await tfjsFaceDetector();
let redactions = 0;
const withFaces = await timed(async () => {
  redactions = (await makePhotoSafe(input, detect)).info.redactions;
});
const plates = haarPlateDetector();
const both = async (image) => [...(await detect(image)), ...(await plates(image))];
let redactionsBoth = 0;
const withBoth = await timed(async () => {
  redactionsBoth = (await makePhotoSafe(input, both)).info.redactions;
});
const withPlates = await timed(() => makePhotoSafe(input, plates));
const withoutFaces = await timed(() => makePhotoSafe(input));
// Debian's ImageMagick 6 binary by its versioned name, so no other `convert` on the PATH is taken.
const convert =
  spawnSync('convert-im6.q16', ['-version']).status === 0 ? 'convert-im6.q16' : 'convert';
const magick = await timed(async () => {
  const r = spawnSync(convert, [
    inputFile,
    '-auto-orient',
    '-resize',
    '2048x2048>',
    '-strip',
    '-quality',
    '82',
    join(work, 'out.jpg'),
  ]);
  if (r.status !== 0) throw new Error(`convert failed: ${r.stderr}`);
});

const lines = [
  `input: 4000 x 3000 JPEG, ${(input.length / 1e6).toFixed(1)} MB; median of ${runs} runs`,
  `sousveil makePhotoSafe with face detection: ${withFaces.toFixed(0)} ms (${redactions} region(s) boxed)`,
  `sousveil makePhotoSafe with plate detection: ${withPlates.toFixed(0)} ms`,
  `sousveil makePhotoSafe with faces and plates: ${withBoth.toFixed(0)} ms (${redactionsBoth} region(s) boxed)`,
  `sousveil makePhotoSafe without detection:   ${withoutFaces.toFixed(0)} ms`,
  `ImageMagick convert -strip (no detection):  ${magick.toFixed(0)} ms`,
  `ratio without detection / ImageMagick: ${(withoutFaces / magick).toFixed(2)}; faces add ${(withFaces - withoutFaces).toFixed(0)} ms, plates ${(withPlates - withoutFaces).toFixed(0)} ms`,
  `machine: load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} on ${cpus().length} cores`,
];
process.stdout.write(`${lines.join('\n')}\n`);
writeFileSync(join(out, 'reports.txt'), `${lines.join('\n')}\n`);
rmSync(work, { recursive: true, force: true });
