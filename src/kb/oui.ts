import type { Fingerprint, Vendor } from './schema.js';

/** Sources every derived MAC-prefix fingerprint cites. */
export const ouiSourceIds = ['fp-ieee-registry', 'fp-oui-data'] as const;

/** Weight of a MAC prefix alone: OEM modules and missing registrations make it a hint, not proof. */
export const ouiWeight = 0.3;

/**
 * Derives MAC-prefix fingerprints from the IEEE registry as shipped by `oui-data`
 * (key: hex prefix of 6, 7 or 9 digits; value: registrant name, address lines, country).
 */
export function deriveMacFingerprints(
  registry: Readonly<Record<string, string>>,
  vendors: readonly Pick<Vendor, 'id' | 'ouiRegistrants'>[],
): Fingerprint[] {
  const byRegistrant = new Map<string, string>();
  for (const v of vendors) {
    for (const r of v.ouiRegistrants) byRegistrant.set(registrantKey(r), v.id);
  }
  const out: Fingerprint[] = [];
  for (const [prefix, entry] of Object.entries(registry)) {
    const registrant = entry.split('\n', 1)[0] ?? '';
    const vendor = byRegistrant.get(registrantKey(registrant));
    if (vendor === undefined || !/^[0-9A-F]{6,9}$/i.test(prefix)) continue;
    const hex = prefix.toUpperCase();
    out.push({
      id: `oui-${vendor}-${hex.toLowerCase()}`,
      kind: 'mac-prefix',
      vendor,
      match: 'prefix',
      pattern: hex,
      caseSensitive: false,
      weight: ouiWeight,
      examples: [hex.padEnd(12, '0')],
      negatives: [],
      confidence: 'high',
      note: `IEEE registrant: ${registrant}`,
      sources: [...ouiSourceIds],
    });
  }
  out.sort((a, b) => a.pattern.localeCompare(b.pattern));
  return out;
}

function registrantKey(name: string): string {
  return name.trim().replaceAll(/\s+/g, ' ').toLowerCase();
}
