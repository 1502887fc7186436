// Enrollment codes for `sousveil sites add` and `sites code`: random, printed once, kept as SHA-256
// with their expiry; and the `--code-valid` duration they take.
import { UserError } from '../../shared/errors.js';
import type { Site, Store } from '../../store/index.js';
import type { CliIo } from '../command.js';

/** The `--code-valid` option both commands take. */
export const codeValidOption = {
  'code-valid': {
    type: 'string',
    value: 'DURATION',
    default: '24h',
    description: 'how long the enrollment code may be used (30m, 2h, 7d; at most 30d)',
  },
} as const;

/** `30m`, `2h`, `7d` in milliseconds (1 minute to 30 days), or a one-line error. */
export function durationMs(text: string, flag: string): number {
  const m = /^(\d{1,6})([mhd])$/.exec(text.trim());
  const unit = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
  const ms = m?.[1] === undefined ? NaN : Number(m[1]) * unit[m[2] as keyof typeof unit];
  if (!(ms >= 60_000 && ms <= 30 * 86_400_000))
    throw new UserError(
      `${flag}: "${text.slice(0, 20)}" is not a duration from 1m to 30d (30m, 2h, 7d)`,
    );
  return ms;
}

/** Makes and saves a new code for the site; returns it with its expiry (ISO). */
export async function issueCode(
  store: Store,
  site: Site,
  validMs: number,
  now: string,
): Promise<{ code: string; expiresAt: string }> {
  const { newEnrollmentCode, secretHash } = await import('../../sites/index-node.js');
  const code = newEnrollmentCode();
  const expiresAt = new Date(Date.parse(now) + validMs).toISOString();
  await store.sites.addCode(site.id, secretHash(code, 'code'), expiresAt);
  return { code, expiresAt };
}

/** Prints a new code, once, with how an agent uses it. */
export function writeCode(io: CliIo, site: string, code: { code: string; expiresAt: string }) {
  io.stdout.write(
    `enrollment code for ${site} (once, until ${code.expiresAt}):\n  ${code.code}\n` +
      `give it to \`sousveil agent enroll --server URL\` on the site's agent\n`,
  );
}

/** The time now, from the io or the clock. */
export const nowOf = (io: CliIo): string => io.now?.() ?? new Date().toISOString();
