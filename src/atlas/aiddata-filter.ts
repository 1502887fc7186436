// Which AidData GCDF 3.0 rows may be surveillance or state ICT projects (pure): a documented
// keyword, sector and vendor filter; `aiddata.ts` turns the selected rows into atlas records.
import type { AidDataRow } from './aiddata-table.js';

/**
 * The selection filter, applied to each row:
 * 1. a surveillance or state-ICT keyword in the title or description selects it, in any sector;
 * 2. "police"/"policing" selects it only in the ICT and government sectors (so masks or vaccines
 *    donated to a police force do not count);
 * 3. a kb vendor's name in the title, description or the funding or implementing agencies
 *    selects it only in the ICT and government sectors (so Huawei classroom kit does not count).
 * Keywords match whole words, case-insensitively.
 */
export const AIDDATA_FILTER = {
  keywords: [
    'safe city',
    'safe cities',
    'smart city',
    'surveillance',
    'CCTV',
    'closed-circuit',
    'camera',
    'cameras',
    'video monitoring',
    'facial recognition',
    'command centre',
    'command center',
    'command and control',
    'e-government',
    'data centre',
    'data center',
    'public security',
    '911',
    'biometric',
    'national ID',
    'identity card',
  ],
  sectorKeywords: ['police', 'policing'],
  sectors: ['COMMUNICATIONS', 'GOVERNMENT AND CIVIL SOCIETY'],
} as const;

/** A kb vendor (or atlas organisation) and the names it goes by. */
export interface NamedParty {
  id: string;
  names: readonly string[];
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Whole-word pattern of some names (letters and digits around a match do not count). */
function wordsPattern(names: readonly string[]): RegExp | undefined {
  const list = names.filter((n) => n.trim().length >= 3).map((n) => escape(n.trim()));
  if (list.length === 0) return undefined;
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${list.join('|')})(?![\\p{L}\\p{N}])`, 'iu');
}

const KEYWORDS = wordsPattern(AIDDATA_FILTER.keywords) as RegExp;
const SECTOR_KEYWORDS = wordsPattern(AIDDATA_FILTER.sectorKeywords) as RegExp;

/** Why a row is selected (the keywords and vendors that matched), or undefined when it is not. */
export function selectRow(
  row: AidDataRow,
  vendors: readonly NamedParty[],
): { keywords: string[]; vendors: string[] } | undefined {
  const v = row.values;
  const text = `${v.title ?? ''}\n${v.description ?? ''}`;
  const ictSector = (AIDDATA_FILTER.sectors as readonly string[]).includes(
    (v.sector ?? '').toUpperCase(),
  );
  const keywords = new Set<string>();
  const global = new RegExp(KEYWORDS.source, 'giu');
  for (const m of text.matchAll(global)) keywords.add(m[0].toLowerCase());
  if (ictSector)
    for (const m of text.matchAll(new RegExp(SECTOR_KEYWORDS.source, 'giu')))
      keywords.add(m[0].toLowerCase());
  const found = ictSector
    ? matchParties(`${text}\n${v.funding ?? ''}\n${v.implementing ?? ''}`, vendors)
    : [];
  if (keywords.size === 0 && found.length === 0) return undefined;
  return { keywords: [...keywords].sort(), vendors: found };
}

export function matchParties(text: string, parties: readonly NamedParty[]): string[] {
  return parties.filter((p) => wordsPattern(p.names)?.test(text) === true).map((p) => p.id);
}
