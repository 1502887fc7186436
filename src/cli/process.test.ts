// The CLI as a process, from the built package: pipes that close early, a read-only file system,
// and `npm start` stopping with its server.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'bin', 'sousveil.js');
const dir = mkdtempSync(join(tmpdir(), 'sousveil-process-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs a shell line; returns the CLI's exit code (first in the pipe) and its stderr. */
function pipeline(line: string): { code: number; err: string } {
  const r = spawnSync('bash', ['-c', `${line}; echo "exit=\${PIPESTATUS[0]}" >&2`], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, SV: `${process.execPath} ${bin}` },
  });
  const err = r.stderr.trimEnd().split('\n');
  const code = Number(/^exit=(\d+)$/.exec(err.pop() ?? '')?.[1] ?? NaN);
  return { code, err: err.join('\n') };
}

describe('a reader that goes away', () => {
  it.each([
    ['atlas export | head -n 1', '$SV atlas export --db a.db | head -n 1'],
    ['atlas export | true (nothing read at all)', '$SV atlas export --db a.db | true'],
    [
      'identify --stdin | head -n 1',
      'yes 44:19:B6:12:34:56 | head -n 200000 > in.txt; $SV identify --stdin < in.txt | head -n 1',
    ],
  ])('%s ends quietly with exit 0', (_name, line) => {
    expect(pipeline(line)).toEqual({ code: 0, err: '' });
  });
});

/** Whether this machine lets the test mount a read-only file system in a private namespace. */
function canMountReadOnly(): boolean {
  if (process.getuid?.() !== 0) return false;
  const r = spawnSync('unshare', ['-m', 'sh', '-c', 'mount -t tmpfs -o ro tmpfs "$1"', '-', dir]);
  return r.status === 0;
}

describe('a read-only file system', () => {
  it.skipIf(!canMountReadOnly())('--out on it is one line and exit 2', () => {
    const ro = join(dir, 'ro');
    mkdirSync(ro);
    const r = spawnSync(
      'unshare',
      [
        '-m',
        'sh',
        '-c',
        'mount -t tmpfs -o ro tmpfs "$1" && exec "$2" "$3" atlas export --db "$4" --out "$1/atlas.json"',
        '-',
        ro,
        process.execPath,
        bin,
        join(dir, 'ro.db'),
      ],
      { encoding: 'utf8' },
    );
    expect(r.stderr).toBe(`sousveil: ${ro}/atlas.json: read-only file system\n`);
    expect(r.status).toBe(2);
  });
});

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

describe('npm start', () => {
  it('stops its server when npm is stopped (SIGTERM), leaving nothing running', async () => {
    const npm = spawn('npm', ['start', '--', '--port', '0', '--db', join(dir, 'start.db')], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    npm.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const port = await new Promise<number>((resolve, reject) => {
      npm.stderr.on('data', () => {
        const found = /observatory at http:\/\/127\.0\.0\.1:(\d+)\//.exec(err)?.[1];
        if (found !== undefined) resolve(Number(found));
      });
      npm.once('exit', (code) => reject(new Error(`npm start exited (${code}): ${err}`)));
    });
    expect(await portAnswers(port)).toBe(true);
    const closed = new Promise((r) => npm.stderr.once('close', r));
    npm.kill('SIGTERM');
    // stderr closes once every process holding it has exited: npm, its shell and the server.
    await closed;
    expect(err).toContain('stopping (its parent process exited)');
    expect(await portAnswers(port)).toBe(false);
    const left = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
    expect(left).not.toContain(join(dir, 'start.db'));
  });
});
