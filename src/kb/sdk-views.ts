// SDKs as the observatory shows them (pure): the list with how many saved apps carry each, and
// one SDK's page — maker and country, the maker's kb vendor with its ownership chain and the
// restrictions that reach it, every rule with its evidence kind, numbered sources.
import type { AppScanItem, SdkItem, SdkPage } from '../contract/apps.js';
import type { Ref } from '../contract/common.js';
import type { Kb } from './kb.js';
import { placeName } from './labels.js';
import type { Sdk, SdkEvidenceKind } from './sdk-schema.js';
import { describeVendor } from './verdict.js';
import { kbSourceBook, verdictView } from './views.js';

/** Each evidence kind in words. */
export const evidenceKindLabels: Record<SdkEvidenceKind, string> = {
  package: 'classes in a package',
  component: 'manifest component',
  'meta-data': 'manifest meta-data key',
  'native-lib': 'native library',
  asset: 'file in the archive',
  domain: 'host in the strings',
};

/** The country an SDK's maker is based in: its own record, else its kb vendor's. */
export function sdkCountry(kb: Kb, sdk: Sdk): string | undefined {
  const vendor = sdk.maker.vendor;
  return sdk.maker.country ?? (vendor === undefined ? undefined : kb.vendors.get(vendor)?.country);
}

/** `prc` when the maker is based in the PRC, `other` elsewhere, `unknown` when no record says. */
export function jurisdictionOf(country: string | undefined): 'prc' | 'other' | 'unknown' {
  return country === undefined ? 'unknown' : country === 'CN' ? 'prc' : 'other';
}

const countryRef = (code: string | undefined): { country?: Ref } =>
  code === undefined ? {} : { country: { id: code, name: placeName(code) } };

/** Every SDK of the kb, PRC makers first then by name, with the saved apps each was found in. */
export function sdkList(kb: Kb, appCounts: ReadonlyMap<string, number>): SdkItem[] {
  return kb.sdks
    .map((s) => {
      const country = sdkCountry(kb, s);
      const vendor = s.maker.vendor === undefined ? undefined : kb.vendors.get(s.maker.vendor);
      return {
        id: s.id,
        name: s.name,
        maker: s.maker.name,
        ...(vendor === undefined ? {} : { vendor: { id: vendor.id, name: vendor.name } }),
        ...countryRef(country),
        jurisdiction: jurisdictionOf(country),
        categories: [...s.categories],
        ruleCount: s.rules.length,
        appCount: appCounts.get(s.id) ?? 0,
      };
    })
    .sort(
      (a, b) =>
        Number(b.jurisdiction === 'prc') - Number(a.jurisdiction === 'prc') ||
        a.name.localeCompare(b.name),
    );
}

/**
 * One SDK's page as of `asOf`, with the saved apps it was seen in (`moreApps` when there are more
 * than listed); undefined when the kb has no such SDK.
 */
export function sdkPage(
  kb: Kb,
  id: string,
  apps: { items: readonly AppScanItem[]; more: boolean },
  asOf: string,
): SdkPage | undefined {
  const sdk = kb.sdks.find((s) => s.id === id);
  if (sdk === undefined) return undefined;
  const book = kbSourceBook(kb);
  const cites = book.cite(sdk.sources);
  const vendorId = sdk.maker.vendor;
  const vendor = vendorId === undefined ? undefined : kb.vendors.get(vendorId);
  const country = sdkCountry(kb, sdk);
  const makerVerdict =
    vendor === undefined
      ? undefined
      : verdictView(kb, describeVendor(kb, vendor.id, asOf), asOf, book, false);
  return {
    id: sdk.id,
    name: sdk.name,
    categories: [...sdk.categories],
    jurisdiction: jurisdictionOf(country),
    maker: {
      name: sdk.maker.name,
      ...countryRef(country),
      ...(vendor === undefined ? {} : { vendor: { id: vendor.id, name: vendor.name } }),
      ...(sdk.maker.ownership === undefined ? {} : { ownership: sdk.maker.ownership }),
    },
    ...(makerVerdict === undefined ? {} : { makerVerdict }),
    ...(sdk.since === undefined ? {} : { since: sdk.since }),
    ...(sdk.exodusId === undefined ? {} : { exodusId: sdk.exodusId }),
    ...(sdk.note === undefined ? {} : { note: sdk.note }),
    rules: sdk.rules.map((r) => ({
      kind: r.kind,
      kindLabel: evidenceKindLabels[r.kind],
      pattern: r.pattern,
      confidence: r.confidence,
      examples: [...r.examples],
      ...(r.note === undefined ? {} : { note: r.note }),
    })),
    cites,
    apps: [...apps.items],
    moreApps: apps.more,
    sources: book.entries(),
  };
}
