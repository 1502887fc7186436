// Dahua upgrade images (`.bin`), pure over bytes and text. The image is a ZIP whose first local
// header's magic is "DH" instead of "PK" (BotoX Dahua-Firmware-Mod-Kit extract.py, FACT's dahua
// plugin); the central directory is an ordinary ZIP's. Inside: `Install` (JSON: commands, devices,
// vendor) or `Install.lua` on NVRs, `hwid` (JSON list of "MODEL:hex…" strings: the exact models),
// and U-Boot images of SquashFS/CramFS file systems.
import {
  ArchiveRefusedError,
  BytesView,
  readZipDirectory,
  type Inflate,
  type ZipEntry,
  type ZipLimits,
} from '../appaudit/index.js';
import { ParseError } from '../shared/errors.js';

/** Whether the bytes start like a Dahua image: "DH" then the ZIP local header's 03 04. */
export function isDahuaZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x44 && bytes[1] === 0x48 && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** A ZIP (or Dahua DH-ZIP) read from its central directory; entries inflated within a budget. */
export class FirmwareZip {
  readonly entries: readonly ZipEntry[];
  private readonly v: BytesView;

  constructor(
    bytes: Uint8Array,
    source: string,
    private readonly inflate: Inflate,
    limits: ZipLimits,
  ) {
    this.v = new BytesView(bytes, source);
    this.entries = readZipDirectory(bytes, source, limits).entries;
  }

  /** An entry's bytes, refusing more than `maxBytes` (declared or inflated). */
  read(entry: ZipEntry, maxBytes: number): Uint8Array {
    const v = this.v;
    if ((entry.flags & 1) !== 0) throw v.fail(`${entry.name} is encrypted`);
    if (entry.size > maxBytes)
      throw new ArchiveRefusedError(
        v.source,
        `decompression bomb refused: ${entry.name} declares ${entry.size} bytes, over the ${maxBytes} left`,
      );
    const at = entry.localOffset;
    const sig = v.u32(at, 'local header');
    // Only the first local header carries Dahua's "DH"; every other one is a ZIP's "PK".
    if (sig !== 0x04034b50 && !(at === 0 && sig === 0x04034844))
      throw v.fail(`bad local header for ${entry.name}`, at);
    const start = at + 30 + v.u16(at + 26) + v.u16(at + 28);
    const raw = v.slice(start, entry.compressedSize, `data of ${entry.name}`);
    if (entry.method === 0) return raw;
    if (entry.method !== 8) throw v.fail(`${entry.name}: compression method ${entry.method}`);
    let out: Uint8Array;
    try {
      out = this.inflate(raw, entry.size);
    } catch (cause) {
      throw new ParseError(
        v.source,
        `${entry.name}: bad deflate data or more than it declares`,
        undefined,
        {
          cause,
        },
      );
    }
    if (out.length !== entry.size)
      throw v.fail(`${entry.name}: inflated to ${out.length} bytes, declares ${entry.size}`);
    return out;
  }
}

/** What a Dahua `Install` file says. */
export interface DahuaInstall {
  /** Model families the image installs on, e.g. `IPC-HX3XXX`, with their hardware versions. */
  readonly devices: readonly { readonly family: string; readonly hardware: string | undefined }[];
  /** "General" for Dahua's own builds, else the OEM's name. */
  readonly vendor: string | undefined;
  /** Images the commands burn (`romfs-x.squashfs.img`). */
  readonly images: readonly string[];
}

/** Parses the JSON `Install` of an IPC image; a bad file is a ParseError naming it. */
export function parseDahuaInstall(text: string, source: string): DahuaInstall {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new ParseError(source, 'Install is not valid JSON', undefined, { cause });
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new ParseError(source, 'Install is not a JSON object');
  const o = json as Record<string, unknown>;
  const devices = (Array.isArray(o.Devices) ? o.Devices : []).flatMap((d: unknown) => {
    if (!Array.isArray(d) || typeof d[0] !== 'string') return [];
    return [
      {
        family: d[0].slice(0, 64),
        hardware: typeof d[1] === 'string' ? d[1].slice(0, 32) : undefined,
      },
    ];
  });
  const images = (Array.isArray(o.Commands) ? o.Commands : []).flatMap((c: unknown) =>
    typeof c === 'string' ? imagesIn(c) : [],
  );
  return {
    devices: devices.slice(0, 256),
    vendor: typeof o.Vendor === 'string' ? o.Vendor.slice(0, 64) : undefined,
    images: [...new Set(images)].slice(0, 256),
  };
}

/**
 * Reads what it can of an NVR's `Install.lua`: the images it burns, and a vendor or device family
 * where it assigns one as a string. Lua is not run.
 */
export function parseDahuaInstallLua(text: string): DahuaInstall {
  const vendor = /\bVendor\s*=\s*["']([^"'\n]{1,64})["']/.exec(text)?.[1];
  const families = [
    ...text.matchAll(/\b(?:Device|Devices|Product)\w*\s*=\s*["']([A-Z0-9][\w-]{2,40})["']/g),
  ].map((m) => ({ family: m[1] as string, hardware: undefined }));
  return {
    devices: families.slice(0, 256),
    vendor,
    images: [...new Set(imagesIn(text))].slice(0, 256),
  };
}

function imagesIn(text: string): string[] {
  return [...text.matchAll(/[\w.-]+\.(?:img|bin)\b/g)].map((m) => m[0]);
}

/** Model codes from `hwid`: a JSON list of "MODEL:hex:…" strings (or one such string a line). */
export function parseDahuaHwid(text: string): string[] {
  let items: unknown;
  try {
    items = JSON.parse(text);
  } catch {
    items = text.split(/\r?\n/);
  }
  const list = Array.isArray(items) ? items : [];
  const models = new Set<string>();
  for (const s of list) {
    if (typeof s !== 'string') continue;
    const model = s.split(':', 1)[0]?.trim() ?? '';
    if (/^[A-Z0-9][A-Z0-9()+/-]{2,40}$/i.test(model)) models.add(model);
    if (models.size >= 4096) break;
  }
  return [...models];
}

/** What a Dahua image's file name says (`<OEM or DH>_<family>[-<platform>]_<lang>_…_V<version>.bin`). */
export interface DahuaFileName {
  readonly oem: string | undefined;
  readonly family: string | undefined;
  readonly platform: string | undefined;
  readonly language: string | undefined;
  readonly version: string | undefined;
}

const platforms = ['Eos', 'Rhea', 'Themis', 'Demeter', 'Mao', 'Zi'];
const languages: Record<string, string> = {
  eng: 'English',
  chn: 'Chinese',
  multilang: 'multi-language',
  multi: 'multi-language',
};

/** Parses Dahua's release naming; fields it cannot find are undefined. */
export function parseDahuaFileName(name: string): DahuaFileName {
  const base = name.replace(/^.*[\\/]/, '').replace(/\.bin$/i, '');
  const version = /_V?(\d+\.\d+\.[0-9A-Za-z]+\.\d+\.[A-Z]\.\d{6,8})/.exec(base)?.[1];
  const parts = base.split('_');
  const oem = parts.length > 1 ? parts[0] : undefined;
  const second = parts[1];
  let family: string | undefined;
  let platform: string | undefined;
  if (second !== undefined && /^[A-Z]/.test(second) && !/^V\d/.test(second)) {
    const p = platforms.find((x) => second.endsWith(`-${x}`));
    family = p === undefined ? second : second.slice(0, -(p.length + 1));
    platform = p;
  }
  const lang = parts.map((p) => languages[p.toLowerCase()]).find((x) => x !== undefined);
  return { oem, family, platform, language: lang, version };
}
