// Coverage of the IEEE registry (pure): every registrant whose name carries a covered vendor's
// name must be claimed by a vendor (`ouiRegistrants`) or set aside with a reason (`ouiUnrelated`),
// so a new block registered under a subsidiary's name shows up as a gap instead of going unmatched.
import type { RawKb } from './parse.js';

/** A registrant that names a covered vendor but that no kb rule accounts for. */
export interface RegistrantGap {
  vendor: { id: string; file: string };
  message: string;
}

/** Lower-case words of a name: letters and digits between anything else. */
function words(name: string): string[] {
  return name
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}

function key(name: string): string {
  return name.trim().replaceAll(/\s+/g, ' ').toLowerCase();
}

/**
 * Vendors named by a US equipment rule (NDAA §889, the FCC lists), with the one-word names they go
 * by (ASCII, at least three characters: `Hikvision`, `ZTE`, `Zhongxing`).
 */
function coveredNames(kb: RawKb): Map<string, { vendor: RawKb['vendors'][number]; word: string }> {
  const covered = new Set<string>();
  for (const r of kb.restrictions)
    if (r.jurisdiction === 'US' && r.kind !== 'export-control' && r.kind !== 'investment-ban')
      for (const e of r.entities)
        // A ban on an application (TikTok on government devices) says nothing of MAC blocks.
        if (e.equipment.some((q) => q !== 'applications')) covered.add(e.vendor);
  const out = new Map<string, { vendor: RawKb['vendors'][number]; word: string }>();
  for (const v of kb.vendors) {
    if (!covered.has(v.id)) continue;
    for (const n of [v.name, ...v.aliases]) {
      const w = n.trim();
      if (/^[A-Za-z][A-Za-z0-9]{2,}$/.test(w)) out.set(w.toLowerCase(), { vendor: v, word: w });
    }
  }
  return out;
}

/** Registrants in the registry that name a covered vendor as a word and that no vendor record accounts for. */
export function registrantGaps(
  kb: RawKb,
  registry: Readonly<Record<string, string>>,
): RegistrantGap[] {
  const known = new Set<string>();
  for (const v of kb.vendors) {
    for (const r of v.ouiRegistrants) known.add(key(r));
    for (const u of v.ouiUnrelated) known.add(key(u.registrant));
  }
  const names = coveredNames(kb);
  const prefixes = new Map<string, string[]>();
  for (const [prefix, entry] of Object.entries(registry)) {
    const name = (entry.split('\n', 1)[0] ?? '').trim();
    if (name === '' || known.has(key(name))) continue;
    if (!words(name).some((w) => names.has(w))) continue;
    const list = prefixes.get(name);
    if (list) list.push(prefix);
    else prefixes.set(name, [prefix]);
  }
  const gaps: RegistrantGap[] = [];
  for (const [name, list] of prefixes) {
    const hit = words(name)
      .map((w) => names.get(w))
      .find((x) => x !== undefined);
    if (hit === undefined) continue;
    const shown = list.sort().slice(0, 3).join(', ') + (list.length > 3 ? ', …' : '');
    gaps.push({
      vendor: { id: hit.vendor.id, file: hit.vendor.file },
      message: `IEEE registrant "${name}" (${shown}) names ${hit.word} but no vendor's ouiRegistrants or ouiUnrelated lists it`,
    });
  }
  return gaps.sort((a, b) => a.message.localeCompare(b.message));
}
