import type { Identification, VendorVerdict } from '../kb/index.js';

/** The per-vendor part of a compact record, as JSON text (built once per vendor). */
const verdictJson = new WeakMap<VendorVerdict, string>();

/**
 * One compact JSON line for batch output: the verdict's summary (maker, brand, category, covered,
 * the restrictions that reach it, advisories with `affected` or `may-apply`) and the ids of the fingerprints that matched.
 * Full verdicts with sources come from `identify <value> --json`.
 */
export function compactIdentificationJson(id: Identification): string {
  const head = `{"input":${JSON.stringify(id.input)},"inputKind":"${id.inputKind}","match":${id.match},"evidence":${JSON.stringify(id.evidence.map((e) => e.fingerprint))}`;
  const v = id.verdict;
  if (v === undefined) return `${head}}\n`;
  let tail = verdictJson.get(v);
  if (tail === undefined) {
    tail = JSON.stringify({
      maker: v.maker.id,
      makerName: v.maker.name,
      ...(v.brand ? { brand: v.brand.id, brandName: v.brand.name } : {}),
      category: v.category,
      covered: v.covered,
      restrictions: v.restrictions.map((r) => ({
        id: r.restriction,
        status: r.status,
        ...(r.since === undefined ? {} : { since: r.since }),
        ...(r.until === undefined ? {} : { until: r.until }),
        confidence: r.confidence,
      })),
      advisories: v.advisories.map((a) => ({ cve: a.cve, status: a.status })),
    }).slice(1);
    verdictJson.set(v, tail);
  }
  return `${head},${tail}\n`;
}
