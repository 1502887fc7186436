// The unpack walk's adapters: gzip through node:zlib, xz/lzma through Debian's `xz`, SquashFS
// through `unsquashfs` (squashfs-tools) and CramFS through `fsck.cramfs` (util-linux), each run
// with a time limit, byte caps and in its own folder under the scan's work folder, which is
// removed afterwards. A missing tool is said in the report, never guessed around.
import { spawn } from 'node:child_process';
import {
  closeSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ArchiveRefusedError } from '../appaudit/index.js';
import { zlibInflate } from '../appaudit/zlib-inflate.js';
import { ParseError } from '../shared/errors.js';
import { blocksLookRandom, sampleOffsets } from './analyze.js';
import type { ExtractedFs, ImageFile, UnpackTools } from './unpack.js';

/** Tools bound to one work folder (created by the caller, removed by it). */
export function firmwareTools(workDir: string): UnpackTools {
  let n = 0;
  const next = (): string => {
    const dir = join(workDir, String(++n));
    mkdirSync(dir);
    return dir;
  };
  return {
    inflateRaw: zlibInflate,
    gunzip: (bytes, maxBytes) => gunzip(bytes, maxBytes),
    unxz: (bytes, format, maxBytes) => unxz(bytes, format, maxBytes),
    extractFs: (bytes, format, path, budget) => extractFs(next(), bytes, format, path, budget),
    now: () => performance.now(),
  };
}

function gunzip(bytes: Uint8Array, maxBytes: number): Uint8Array {
  try {
    const out = gunzipSync(bytes, {
      maxOutputLength: Math.max(1, Math.min(maxBytes, 2 ** 31 - 1)),
    });
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  } catch (cause) {
    if ((cause as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
      throw new ArchiveRefusedError(
        'gzip',
        `decompression bomb refused: inflates past ${maxBytes} bytes`,
      );
    throw new ParseError('gzip', 'bad gzip data', undefined, { cause });
  }
}

interface Run {
  code: number | null;
  stdout: Uint8Array;
  stderr: string;
  overflow: boolean;
  missing: boolean;
  timedOut: boolean;
}

/** Runs a tool with input, a deadline and a cap on what it may print; never rejects. */
function run(
  cmd: string,
  args: readonly string[],
  input: Uint8Array | undefined,
  maxOut: number,
  timeoutMs: number,
): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let size = 0;
    let stderr = '';
    const r: Run = {
      code: null,
      stdout: new Uint8Array(),
      stderr: '',
      overflow: false,
      missing: false,
      timedOut: false,
    };
    const timer = setTimeout(() => {
      r.timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (c: Buffer) => {
      size += c.length;
      if (size > maxOut) {
        r.overflow = true;
        child.kill('SIGKILL');
      } else chunks.push(c);
    });
    child.stderr.on('data', (c: Buffer) => {
      if (stderr.length < 4096) stderr += c.toString('utf8');
    });
    child.stdin.on('error', () => undefined);
    child.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') r.missing = true;
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      r.code = code;
      r.stderr = stderr.trim();
      r.stdout = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
      resolve(r);
    });
    if (input !== undefined) child.stdin.end(input);
    else child.stdin.end();
  });
}

async function unxz(
  bytes: Uint8Array,
  format: 'xz' | 'lzma',
  maxBytes: number,
): Promise<Uint8Array> {
  const r = await run(
    'xz',
    ['--decompress', '--stdout', `--format=${format}`, '--memlimit=512MiB'],
    bytes,
    maxBytes,
    120_000,
  );
  if (r.missing)
    throw new ParseError(
      format,
      'the `xz` tool is missing (Debian package xz-utils): not unpacked',
    );
  if (r.overflow)
    throw new ArchiveRefusedError(
      format,
      `decompression bomb refused: inflates past ${maxBytes} bytes`,
    );
  if (r.timedOut) throw new ParseError(format, 'xz took longer than its time limit: not unpacked');
  if (r.code !== 0)
    throw new ParseError(format, `bad ${format} data (${r.stderr.split('\n')[0] ?? 'xz failed'})`);
  return r.stdout;
}

interface Budget {
  maxBytes: number;
  maxEntries: number;
  maxFileBytes: number;
  deadlineMs: number;
}

async function extractFs(
  dir: string,
  bytes: Uint8Array,
  format: 'squashfs' | 'cramfs',
  path: string,
  budget: Budget,
): Promise<ExtractedFs> {
  const image = join(dir, 'image');
  writeFileSync(image, bytes);
  const root = join(dir, 'root');
  try {
    return format === 'squashfs'
      ? await squashfs(dir, image, root, path, budget)
      : await cramfs(image, root, path, budget);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const missingNote = (tool: string, pkg: string, path: string, kind: string): ExtractedFs => ({
  files: [],
  entries: 0,
  notes: [`${path}: ${kind} not unpacked: \`${tool}\` is missing (install Debian's ${pkg})`],
});

async function squashfs(
  dir: string,
  image: string,
  root: string,
  path: string,
  b: Budget,
): Promise<ExtractedFs> {
  // List first: sizes and count are checked before a byte is extracted (a SquashFS bomb is refused).
  const list = await run(
    'unsquashfs',
    ['-n', '-lls', '-d', 'r', image],
    undefined,
    64 * 1024 ** 2,
    b.deadlineMs,
  );
  if (list.missing) return missingNote('unsquashfs', 'squashfs-tools', path, 'SquashFS');
  if (list.code !== 0 || list.timedOut)
    throw new ParseError(
      path,
      `unsquashfs cannot read it (${list.timedOut ? 'time limit' : (list.stderr.split('\n')[0] ?? 'error')})`,
    );
  const regular: string[] = [];
  let declared = 0;
  let entries = 0;
  let tooBig = 0;
  for (const line of new TextDecoder().decode(list.stdout).split('\n')) {
    const m = /^(\S)\S{9}\s+\S+\s+(\d+)\s+\S+\s+\S+\s+r\/(.+)$/.exec(line);
    if (m === null) continue;
    entries++;
    if (m[1] !== '-') continue;
    declared += Number(m[2]);
    // Files over the analysis limit would be skipped after extraction: never written at all.
    if (Number(m[2]) > b.maxFileBytes) tooBig++;
    else regular.push(m[3] as string);
  }
  if (entries > b.maxEntries)
    throw new ArchiveRefusedError(
      path,
      `SquashFS refused: ${entries} entries, over the ${b.maxEntries} left`,
    );
  if (declared > b.maxBytes)
    throw new ArchiveRefusedError(
      path,
      `decompression bomb refused: SquashFS declares ${declared} bytes, over the ${b.maxBytes} left`,
    );
  // Only regular files are extracted: no device nodes, sockets or links are created.
  const listFile = join(dir, 'extract');
  writeFileSync(listFile, regular.map((p) => `/${p}`).join('\n'));
  const ex = await run(
    'unsquashfs',
    ['-n', '-no-xattrs', '-d', root, '-ef', listFile, image],
    undefined,
    1024 ** 2,
    b.deadlineMs,
  );
  if (ex.timedOut)
    throw new ParseError(path, 'unsquashfs took longer than the time limit: not unpacked');
  const notes =
    ex.code === 0
      ? []
      : [`${path}: unsquashfs reported: ${ex.stderr.split('\n')[0] ?? 'an error'}`];
  if (tooBig > 0)
    notes.push(`${path}: ${tooBig} file(s) over ${b.maxFileBytes} bytes not searched`);
  return collect(root, entries, b, path, notes);
}

async function cramfs(image: string, root: string, path: string, b: Budget): Promise<ExtractedFs> {
  const r = await run(
    'fsck.cramfs',
    [`--extract=${root}`, image],
    undefined,
    1024 ** 2,
    b.deadlineMs,
  );
  if (r.missing) return missingNote('fsck.cramfs', 'util-linux', path, 'CramFS');
  if (r.timedOut)
    throw new ParseError(path, 'fsck.cramfs took longer than the time limit: not unpacked');
  if (r.code !== 0)
    throw new ParseError(
      path,
      `fsck.cramfs cannot read it (${r.stderr.split('\n')[0] ?? 'error'})`,
    );
  return collect(root, undefined, b, path, []);
}

/** Reads the regular files under `root` (links never followed) within the budget. */
function collect(
  root: string,
  listed: number | undefined,
  b: Budget,
  path: string,
  notes: string[],
): ExtractedFs {
  const files: ImageFile[] = [];
  let bytes = 0;
  let entries = 0;
  let skipped = 0;
  let random = 0;
  const stack = [root];
  while (stack.length > 0) {
    const dir = stack.pop() as string;
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      const p = join(dir, name);
      const st = lstatSync(p);
      entries++;
      if (entries > b.maxEntries)
        throw new ArchiveRefusedError(path, `file system refused: over ${b.maxEntries} entries`);
      if (st.isDirectory()) stack.push(p);
      else if (st.isFile()) {
        if (st.size > b.maxFileBytes) {
          skipped++;
          continue;
        }
        // Compressed or encrypted data throughout holds no strings: sampled, never read whole.
        if (st.size >= 256 * 1024 && sampledRandom(p, st.size)) {
          random++;
          continue;
        }
        bytes += st.size;
        if (bytes > b.maxBytes)
          throw new ArchiveRefusedError(
            path,
            `decompression bomb refused: file system holds over ${b.maxBytes} bytes`,
          );
        files.push({ path: relative(root, p), bytes: new Uint8Array(readFileSync(p)) });
      }
    }
  }
  if (skipped > 0)
    notes.push(`${path}: ${skipped} file(s) over ${b.maxFileBytes} bytes not searched`);
  if (random > 0)
    notes.push(
      `${path}: ${random} file(s) hold compressed or encrypted data throughout (entropy near 8 bits a byte): not searched for strings`,
    );
  files.sort((a, z) => (a.path < z.path ? -1 : 1));
  return { files, notes, entries: listed ?? entries };
}

/** Reads the blocks `looksRandom` would sample from a file, and judges them. */
function sampledRandom(file: string, size: number): boolean {
  const { offsets, blockBytes } = sampleOffsets(size);
  const fd = openSync(file, 'r');
  try {
    const blocks = offsets.map((at) => {
      const block = new Uint8Array(blockBytes);
      const n = readSync(fd, block, 0, blockBytes, at);
      return block.subarray(0, n);
    });
    return blocksLookRandom(blocks);
  } finally {
    closeSync(fd);
  }
}
