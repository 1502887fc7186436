// `--every 6h`: a schedule as text, in seconds (pure).
import { UserError } from '../shared/errors.js';

const unitS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86400 };

/** Longest schedule accepted: 30 days. */
export const maxEveryS = 30 * 86400;

/** Parses `90s`, `15m`, `6h`, `1d` or `1h30m` into seconds (1 s to 30 days). */
export function parseDuration(flag: string, text: string): number {
  const parts = /^(?:\d{1,6}[smhd])+$/.test(text) ? text.match(/\d+[smhd]/g) : null;
  if (parts === null)
    throw new UserError(
      `${flag}: "${text.slice(0, 40)}" is not a duration such as 90s, 15m, 6h, 1d`,
    );
  const s = parts.reduce((sum, p) => sum + Number(p.slice(0, -1)) * (unitS[p.slice(-1)] ?? 0), 0);
  if (s < 1 || s > maxEveryS) throw new UserError(`${flag}: "${text}" is outside 1s to 30d`);
  return s;
}

/** Seconds as the shortest text `parseDuration` reads back (`21600` -> `6h`). */
export function formatDuration(s: number): string {
  const out: string[] = [];
  let rest = s;
  for (const [u, size] of [
    ['d', 86400],
    ['h', 3600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    if (rest >= size) {
      out.push(`${Math.floor(rest / size)}${u}`);
      rest %= size;
    }
  }
  return out.join('') || '0s';
}
