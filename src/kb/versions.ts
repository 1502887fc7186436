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

/**
 * Parses Dahua firmware strings: `V2.800.0000000.25.R.220130`, `2.623.00AC004.0.R.200316`,
 * `2.420.AC00.18.R.20200217`, `2.420.14.R.2016-06-18`, `… Build Date: 2019-03-21`. The parts are the
 * leading all-digit fields (an OEM code such as `00AC004` ends them); the build date is the trailing
 * `.R.YYMMDD` / `.R.YYYYMMDD` field or an ISO date.
 */
export function parseDahuaVersion(s: string): FirmwareVersion | undefined {
  const m = /(\d+)\.(\d+)((?:\.[0-9A-Za-z]+)*)/.exec(s);
  if (!m) return undefined;
  const parts = [Number(m[1]), Number(m[2])];
  for (const field of (m[3] ?? '').split('.').slice(1)) {
    if (!/^\d+$/.test(field)) break;
    parts.push(Number(field));
  }
  const iso = /(20\d{2})-(\d{2})-(\d{2})/.exec(s);
  if (iso) return { parts, buildDate: `${iso[1]}-${iso[2]}-${iso[3]}` };
  const long = /\.[A-Z]\.(20\d{2})(\d{2})(\d{2})(?!\d)/.exec(s);
  if (long) return { parts, buildDate: `${long[1]}-${long[2]}-${long[3]}` };
  const short = /\.[A-Z]\.(\d{2})(\d{2})(\d{2})(?!\d)/.exec(s);
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

function compareParts(a: readonly number[], b: readonly number[]): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

/**
 * Orders two versions. Hikvision and semver: by their parts, then by build date where both carry
 * one. Dahua: by the line (`2.800`), then by build date where both carry one (Dahua fixes are
 * dated builds of a line; the middle fields are customer codes and patch counters), else the rest.
 */
export function compareVersions(
  a: FirmwareVersion,
  b: FirmwareVersion,
  scheme: AffectedRange['scheme'] = 'hikvision',
): number {
  if (scheme === 'dahua') {
    const line = compareParts(a.parts.slice(0, 2), b.parts.slice(0, 2));
    if (line !== 0) return line;
    if (a.buildDate !== undefined && b.buildDate !== undefined)
      return Math.sign(a.buildDate.localeCompare(b.buildDate));
    return compareParts(a.parts.slice(2), b.parts.slice(2));
  }
  const byParts = compareParts(a.parts, b.parts);
  if (byParts !== 0) return byParts;
  if (a.buildDate !== undefined && b.buildDate !== undefined)
    return Math.sign(a.buildDate.localeCompare(b.buildDate));
  return 0;
}

/** Whether a firmware string is in a range's version bounds, or why that cannot be told. */
export type VersionFit = { fit: 'in' | 'out' } | { fit: 'unknown'; reason: string };

/** Checks a firmware string against a range's firmware pattern, build date and version bounds. */
export function firmwareFit(range: AffectedRange, firmware: string | undefined): VersionFit {
  if (firmware === undefined) return { fit: 'unknown', reason: 'firmware version unknown' };
  if (range.firmware !== undefined && !new RegExp(range.firmware, 'i').test(firmware))
    return { fit: 'out' };
  const v = parseVersion(range.scheme, firmware);
  if (!v)
    return { fit: 'unknown', reason: `firmware "${firmware}" is not in ${range.scheme}'s form` };
  if (range.builtBefore !== undefined) {
    if (v.buildDate === undefined) return { fit: 'unknown', reason: 'firmware build date unknown' };
    if (v.buildDate >= range.builtBefore) return { fit: 'out' };
  }
  return boundsFit(range, v);
}

function boundsFit(range: AffectedRange, v: FirmwareVersion): VersionFit {
  const bound = (s: string | undefined): FirmwareVersion | undefined =>
    s === undefined ? undefined : parseVersion(range.scheme, s);
  const cmp = (a: FirmwareVersion, b: FirmwareVersion): number =>
    compareVersions(a, b, range.scheme);
  const introduced = bound(range.introduced);
  const last = bound(range.lastAffected);
  const fixed = bound(range.fixed);
  // A Dahua fix is a dated build: without the device's build date, its place in the line is unknown.
  const needsDate = range.scheme === 'dahua' && [last, fixed].some((b) => b?.buildDate);
  if (introduced && cmp(v, introduced) < 0) return { fit: 'out' };
  if (needsDate && v.buildDate === undefined && (!fixed || sameLine(v, fixed)))
    return { fit: 'unknown', reason: 'firmware build date unknown' };
  if (fixed && cmp(v, fixed) >= 0) return { fit: 'out' };
  if (last && cmp(v, last) > 0) return fixed ? { fit: 'in' } : { fit: 'out' };
  return { fit: 'in' };
}

function sameLine(a: FirmwareVersion, b: FirmwareVersion): boolean {
  return compareParts(a.parts.slice(0, 2), b.parts.slice(0, 2)) === 0;
}
