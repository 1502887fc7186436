// Small text helpers shared by the terminal renderers and name look-ups (pure).

/** Columns padded to their widest cell, two spaces apart; the last column is not padded. */
export function formatTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const widths = columnWidths(header, rows, Infinity);
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/**
 * The widest cell of each column (the header's included), at most `maxWidth`: one pass, no
 * spread of the rows into arguments (a million rows would overflow the stack).
 */
export function columnWidths(
  header: readonly string[],
  rows: Iterable<readonly string[]>,
  maxWidth: number,
): number[] {
  const widths = header.map((h) => Math.min(maxWidth, h.length));
  for (const r of rows)
    for (let i = 0; i < widths.length; i++)
      widths[i] = Math.min(maxWidth, Math.max(widths[i] ?? 0, (r[i] ?? '').length));
  return widths;
}

/** A name folded for comparison: accents dropped, lower case, punctuation runs as one space. */
export function foldName(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}
