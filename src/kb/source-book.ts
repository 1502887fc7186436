// A page's numbered source list (pure): each record on a page cites its sources by number, and
// the page lists each number once, in order of first citation, so every `[n]` resolves on the page.
import type { SourceEntry } from '../contract/common.js';
import type { Source } from './schema.js';

/** What a source lookup returns: a kb source, or an atlas source with its copy. */
export type SourceLike = Omit<Source, 'url' | 'kind'> & {
  kind: string;
  url?: string | undefined;
  readAt?: string | undefined;
  archived?: string | undefined;
};

const months = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** A partial date in words, as precise as it is: `2019`, `March 2021`, `13 August 2019`, `n.d.`. */
export function dateText(date: string): string {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(date);
  if (!m) return date === 'n.d.' ? 'no date' : date;
  const month = m[2] === undefined ? undefined : months[Number(m[2]) - 1];
  if (month === undefined) return m[1] ?? date;
  return m[3] === undefined ? `${month} ${m[1] ?? ''}` : `${Number(m[3])} ${month} ${m[1] ?? ''}`;
}

/** Numbers sources as a page cites them. */
export class SourceBook {
  readonly #lookup: (id: string) => SourceLike | undefined;
  readonly #numbers = new Map<string, number>();
  readonly #entries: SourceEntry[] = [];

  constructor(lookup: (id: string) => SourceLike | undefined) {
    this.#lookup = lookup;
  }

  /** The numbers of these sources on the page, each listed once. */
  cite(ids: readonly string[]): number[] {
    const out: number[] = [];
    for (const id of ids) {
      let n = this.#numbers.get(id);
      if (n === undefined) {
        n = this.#entries.length + 1;
        this.#numbers.set(id, n);
        this.#entries.push(this.#entry(id, n));
      }
      if (!out.includes(n)) out.push(n);
    }
    return out;
  }

  /** The page's source list, in citation order. */
  entries(): SourceEntry[] {
    return this.#entries;
  }

  #entry(id: string, n: number): SourceEntry {
    const s = this.#lookup(id);
    if (s === undefined)
      return {
        n,
        id,
        title: id,
        publisher: '',
        date: 'n.d.',
        dateText: 'no date',
        kind: 'unknown',
      };
    const readAt = s.readAt ?? s.archived;
    return {
      n,
      id,
      title: s.title,
      publisher: s.publisher,
      date: s.date,
      dateText: dateText(s.date),
      kind: s.kind,
      ...(s.url !== undefined ? { url: s.url } : {}),
      ...(readAt !== undefined ? { readAt } : {}),
    };
  }
}
