// "Did you mean" for mistyped commands and options: the closest known words by edit distance.

/** Levenshtein distance, counting a swap of two neighbouring letters as one edit. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array<number>(rows * cols).fill(0);
  const at = (i: number, j: number): number => d[i * cols + j] ?? 0;
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, at(i - 2, j - 2) + 1);
      d[i * cols + j] = best;
    }
  }
  return at(a.length, b.length);
}

/**
 * The known words closest to `typed`, nearest first: within a third of the word's length (at
 * least one edit), or a word `typed` is the start of (`--thresh` for `--threshold`).
 */
export function suggest(typed: string, known: readonly string[], max = 3): string[] {
  const limit = Math.max(1, Math.floor(typed.length / 3));
  return known
    .map((word) => ({
      word,
      distance: word.startsWith(typed) && typed.length >= 3 ? 0.5 : editDistance(typed, word),
    }))
    .filter((c) => c.distance <= limit)
    .sort((x, y) => x.distance - y.distance || x.word.localeCompare(y.word))
    .slice(0, max)
    .map((c) => c.word);
}

/** "; did you mean X?" (or "X or Y?"), or '' when nothing is close. */
export function didYouMean(typed: string, known: readonly string[]): string {
  const near = suggest(typed, known);
  if (near.length === 0) return '';
  const quoted = near.map((w) => `"${w}"`);
  const last = quoted.pop() as string;
  return `; did you mean ${quoted.length > 0 ? `${quoted.join(', ')} or ${last}` : last}?`;
}
