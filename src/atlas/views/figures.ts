// Figures of one subject as a page shows them (pure): every claim per property, best first, as
// words with unit and date, its citations numbered in the page's source book.
import type { Figure, FigureClaim } from '../../contract/common.js';
import { dateText, type SourceBook } from '../../kb/source-book.js';
import type { Kb } from '../../kb/index.js';
import { claimsDisagree } from '../headlines.js';
import { PROPERTIES } from '../properties.js';
import { compareClaims } from '../records.js';
import type { Atlas, Claim } from '../schema.js';
import { claimText } from '../show.js';
import { atlasIndex, nameFor } from './atlas-index.js';

/** One claim as words, with its citations. */
export function figureClaim(atlas: Atlas, kb: Kb, c: Claim, book: SourceBook): FigureClaim {
  return {
    id: c.id,
    text: claimText(atlas, kb, c),
    ...(c.asOf !== undefined ? { asOf: c.asOf, asOfText: dateText(c.asOf) } : {}),
    ...(c.scope !== undefined ? { scope: { id: c.scope, name: nameFor(atlas, kb, c.scope) } } : {}),
    status: c.status,
    confidence: c.confidence,
    cites: book.cite(c.sources.map((s) => s.source)),
    ...(c.sources[0]?.quote !== undefined ? { quote: c.sources[0].quote } : {}),
    ...(c.note !== undefined ? { note: c.note } : {}),
  };
}

/** Every figure about a subject (`project:x`, `country:XX`, `vendor:x`), grouped by property. */
export function figuresOf(
  atlas: Atlas,
  kb: Kb,
  subject: string,
  book: SourceBook,
  skip: ReadonlySet<string> = new Set(),
): Figure[] {
  const byProperty = new Map<string, Claim[]>();
  for (const c of atlasIndex(atlas).claimsBySubject.get(subject) ?? []) {
    if (skip.has(c.property)) continue;
    const list = byProperty.get(c.property);
    if (list) list.push(c);
    else byProperty.set(c.property, [c]);
  }
  return [...byProperty].map(([property, claims]) => {
    const sorted = [...claims].sort(compareClaims);
    return {
      property,
      label: PROPERTIES[property]?.label ?? property.replaceAll('-', ' '),
      claims: sorted.map((c) => figureClaim(atlas, kb, c, book)),
      disagree: claimsDisagree(sorted),
    };
  });
}
