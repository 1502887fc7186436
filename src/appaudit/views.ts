// Saved app audits as the observatory shows them (pure): the list item and one report, with each
// SDK's maker, country, categories and exact evidence, permissions by risk, vendor-cloud hosts,
// packers, and numbered sources for every SDK record.
import type { AppReportView, AppScanItem, AppSdkLine } from '../contract/apps.js';
import {
  evidenceKindLabels,
  kbSourceBook,
  placeName,
  type Kb,
  type SourceBook,
} from '../kb/index.js';
import type { AppScanSummary } from '../store/index.js';
import { presenceNote, type AppReport, type SdkReport } from './report.js';

/** A saved audit's summary as lists show it. */
export function appScanItem(s: AppScanSummary): AppScanItem {
  return {
    id: s.id,
    scannedAt: s.scannedAt,
    file: s.file,
    sha256: s.sha256,
    ...(s.package === undefined ? {} : { package: s.package }),
    ...(s.versionCode === undefined ? {} : { versionCode: s.versionCode }),
    ...(s.versionName === undefined ? {} : { versionName: s.versionName }),
    sdkCount: s.sdkCount,
    prcSdkCount: s.prcSdkCount,
  };
}

const opt = <K extends string, V>(key: K, v: V | undefined): Partial<Record<K, V>> =>
  v === undefined || v === null ? {} : ({ [key]: v } as Record<K, V>);

function sdkLine(kb: Kb, s: SdkReport, book: SourceBook): AppSdkLine {
  const vendor = s.vendor === undefined ? undefined : kb.vendors.get(s.vendor);
  return {
    id: s.id,
    name: s.name,
    maker: s.maker,
    ...(vendor === undefined ? {} : { vendor: { id: vendor.id, name: vendor.name } }),
    ...(s.country === undefined ? {} : { country: { id: s.country, name: placeName(s.country) } }),
    jurisdiction: s.jurisdiction,
    ...opt('ownership', s.ownership),
    restrictions: s.restrictions.map(placeOfRestriction),
    categories: [...s.categories],
    evidence: s.evidence.map((e) => ({
      kind: e.kind,
      kindLabel: evidenceKindLabels[e.kind],
      pattern: e.pattern,
      count: e.count,
      samples: [...e.samples],
    })),
    cites: book.cite(s.sources),
  };
}

/** `US-TX Texas GA-1.28` as people read it: the jurisdiction's code in words. */
function placeOfRestriction(line: string): string {
  const space = line.indexOf(' ');
  const code = space < 0 ? '' : line.slice(0, space);
  return /^(?:[A-Z]{2}(?:-[A-Z0-9]{1,3})?)$/.test(code)
    ? `${placeName(code)}: ${line.slice(space + 1)}`
    : line;
}

/** One saved report as the observatory shows it; SDK names in vendor hosts come from the report. */
export function appReportView(kb: Kb, id: number, r: AppReport): AppReportView {
  const book = kbSourceBook(kb);
  const sdks = r.sdks.map((s) => sdkLine(kb, s, book));
  const packers = r.packers.map((s) => sdkLine(kb, s, book));
  const names = new Map([...r.sdks, ...r.packers].map((s) => [s.id, s.name]));
  return {
    id,
    file: r.file,
    sha256: r.sha256,
    sizeBytes: r.sizeBytes,
    scannedAt: r.scannedAt,
    format: r.format,
    ...opt('package', r.package),
    ...opt('versionCode', r.versionCode),
    ...opt('versionName', r.versionName),
    ...opt('minSdk', r.minSdk),
    ...opt('targetSdk', r.targetSdk),
    ...opt('signer', r.signer),
    presenceNote,
    sdks,
    packers,
    obfuscatedShare: r.obfuscatedShare,
    permissions: {
      surveillance: [...r.permissions.surveillance],
      dangerous: [...r.permissions.dangerous],
      other: [...r.permissions.other],
    },
    vendorHosts: r.vendorHosts.map((v) => ({
      host: v.host,
      sdk: { id: v.sdk, name: names.get(v.sdk) ?? v.sdk },
    })),
    dexCount: r.dex.length,
    classCount: r.classCount,
    nativeLibs: r.nativeLibs.map((l) => ({
      name: l.name,
      abis: [...l.abis],
      ...opt('soname', l.soname),
    })),
    notes: [...r.notes],
    sources: book.entries(),
  };
}
