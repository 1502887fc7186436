// POSIX ustar / GNU tar, pure over bytes: 512-byte headers (name[100], size in octal at 124,
// type flag at 156, "ustar" at 257, prefix[155] at 345), data padded to 512 bytes.
import { ArchiveRefusedError, BytesView, hex } from '../appaudit/index.js';

/** One regular file of a tar archive. */
export interface TarEntry {
  readonly name: string;
  readonly offset: number;
  readonly size: number;
}

/** Whether the bytes look like a tar archive (the ustar magic of the first header). */
export function isTar(bytes: Uint8Array): boolean {
  if (bytes.length < 512) return false;
  const m = String.fromCharCode(...bytes.subarray(257, 262));
  return m === 'ustar';
}

const latin1 = new TextDecoder('latin1');

function field(b: Uint8Array, at: number, n: number): string {
  const s = b.subarray(at, at + n);
  const end = s.indexOf(0);
  return latin1.decode(end < 0 ? s : s.subarray(0, end));
}

/** Lists the regular files of a tar archive; names escaping a folder are refused, at most `maxEntries`. */
export function readTar(bytes: Uint8Array, source: string, maxEntries: number): TarEntry[] {
  const v = new BytesView(bytes, source);
  const out: TarEntry[] = [];
  let longName: string | undefined;
  for (let at = 0; at + 512 <= bytes.length;) {
    const h = v.slice(at, 512, 'tar header');
    if (h.every((b) => b === 0)) break;
    const sizeText = field(h, 124, 12).trim();
    if (!/^[0-7]*$/.test(sizeText)) throw v.fail('bad size field in tar header', at);
    const size = sizeText === '' ? 0 : parseInt(sizeText, 8);
    const type = String.fromCharCode(h[156] ?? 0);
    const prefix = field(h, 345, 155);
    let name = longName ?? (prefix === '' ? field(h, 0, 100) : `${prefix}/${field(h, 0, 100)}`);
    longName = undefined;
    const data = at + 512;
    v.need(data, size, `data of ${name}`);
    if (type === 'L') longName = field(v.slice(data, Math.min(size, 4096)), 0, 4096);
    else if (type === '0' || type === '\0' || type === '7') {
      name = name.replace(/^\.\//, '');
      if (name.startsWith('/') || name.split('/').includes('..'))
        throw new ArchiveRefusedError(
          source,
          `path traversal refused: entry name ${JSON.stringify(name)}`,
          hex(at),
        );
      out.push({ name, offset: data, size });
      if (out.length > maxEntries)
        throw new ArchiveRefusedError(source, `archive refused: more than ${maxEntries} entries`);
    }
    at = data + Math.ceil(size / 512) * 512;
  }
  return out;
}
