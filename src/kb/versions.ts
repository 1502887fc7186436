import type { AffectedRange } from './schema.js';

/** A firmware version reduced to comparable parts. */
export interface FirmwareVersion {
  parts: number[];
  /** Build date as YYYY-MM-DD where the version string carries one. */
  buildDate?: string;
}

/** Parses Hikvision firmware strings: `V5.5.82build 190910`, `5.5.160_210416`, `IPC_G3_EN_STD_5.5.160_210416`. */
export function parseHikvisionVersion(s: string): FirmwareVersion | undefined {
  const m = /(\d+)\.(\d+)\.(\d+)(?:\s*(?:_|build)\s*(\d{6}))?/i.exec(s);
  if (!m) return undefined;
  const parts = [Number(m[1]), Number(m[2]), Number(m[3])];
  const b = m[4];
  return b === undefined
    ? { parts }
    : { parts, buildDate: `20${b.slice(0, 2)}-${b.slice(2, 4)}-${b.slice(4, 6)}` };
}

/** Parses Dahua firmware strings: `V2.800.0000000.25.R.220130`, `2.420.14.R.2016-06-18`, `… Build Date: 2019-03-21`. */
export function parseDahuaVersion(s: string): FirmwareVersion | undefined {
  const m = /(\d+(?:\.\d+)+)/.exec(s);
  if (!m?.[1]) return undefined;
  const parts = m[1].split('.').map(Number);
  const iso = /(20\d{2})-(\d{2})-(\d{2})/.exec(s);
  if (iso) return { parts, buildDate: `${iso[1]}-${iso[2]}-${iso[3]}` };
  const short = /\.[A-Z]\.(\d{2})(\d{2})(\d{2})\b/.exec(s);
  if (short) return { parts, buildDate: `20${short[1]}-${short[2]}-${short[3]}` };
  return { parts };
}

/** Parses `1.2.3`-style versions. */
export function parseSemver(s: string): FirmwareVersion | undefined {
  const m = /(\d+(?:\.\d+){0,3})/.exec(s);
  return m?.[1] ? { parts: m[1].split('.').map(Number) } : undefined;
}

const parsers = { hikvision: parseHikvisionVersion, dahua: parseDahuaVersion, semver: parseSemver };

/** Parses a version string in one of the known schemes. */
export function parseVersion(
  scheme: AffectedRange['scheme'],
  s: string,
): FirmwareVersion | undefined {
  return parsers[scheme](s);
}

/** Orders two versions by their parts, then by build date where both carry one. */
export function compareVersions(a: FirmwareVersion, b: FirmwareVersion): number {
  const n = Math.max(a.parts.length, b.parts.length);
  for (let i = 0; i < n; i++) {
    const d = (a.parts[i] ?? 0) - (b.parts[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  if (a.buildDate !== undefined && b.buildDate !== undefined)
    return a.buildDate.localeCompare(b.buildDate);
  return 0;
}

export type Applicability = 'affected' | 'not-affected' | 'unknown';

/** Decides whether a device's model and firmware fall in an affected range; `unknown` when it cannot tell. */
export function isInRange(
  range: AffectedRange,
  model: string | undefined,
  firmware: string | undefined,
): Applicability {
  if (range.models !== undefined) {
    if (model === undefined) return 'unknown';
    if (!new RegExp(range.models, 'i').test(model)) return 'not-affected';
  }
  if (firmware === undefined) return 'unknown';
  const v = parseVersion(range.scheme, firmware);
  if (!v) return 'unknown';
  if (range.builtBefore !== undefined) {
    if (v.buildDate === undefined) return 'unknown';
    if (v.buildDate >= range.builtBefore) return 'not-affected';
  }
  return checkBounds(range, v);
}

function checkBounds(range: AffectedRange, v: FirmwareVersion): Applicability {
  const bound = (s: string | undefined): FirmwareVersion | undefined =>
    s === undefined ? undefined : parseVersion(range.scheme, s);
  const introduced = bound(range.introduced);
  const last = bound(range.lastAffected);
  const fixed = bound(range.fixed);
  if (introduced && compareVersions(v, introduced) < 0) return 'not-affected';
  if (fixed && compareVersions(v, fixed) >= 0) return 'not-affected';
  if (last && compareVersions(v, last) > 0) return fixed ? 'affected' : 'not-affected';
  return 'affected';
}
