// Reading a scan that sousveil wrote with `--json` (pure): the verdicts are taken as they are,
// after checking their shape, so a saved audit can be uploaded to the observatory.
import { z } from 'zod';
import { ParseError } from '../../shared/errors.js';
import type { HostVerdict } from '../fuse.js';

const Text = z.string().max(1024);
const Evidence = z.looseObject({
  probe: Text,
  seen: z.string().max(4096),
  fingerprint: Text,
  weight: z.number(),
});
const Host = z.looseObject({
  address: z.string().min(1).max(64),
  mac: Text.optional(),
  hostname: Text.optional(),
  maker: Text.optional(),
  makerName: Text.optional(),
  brand: Text.optional(),
  brandName: Text.optional(),
  model: Text.optional(),
  firmware: Text.optional(),
  deviceType: Text.optional(),
  confidence: z.enum(['confirmed', 'likely', 'possible']).optional(),
  score: z.number().min(0).max(1).default(0),
  covered: z.boolean(),
  category: Text.optional(),
  restrictions: z
    .array(
      z.looseObject({
        restriction: Text,
        short: Text,
        jurisdiction: Text,
        status: Text,
        since: Text.optional(),
        confidence: Text.optional(),
      }),
    )
    .max(1000)
    .default([]),
  advisories: z.array(Text).max(1000).default([]),
  advisoryDetails: z.array(z.looseObject({})).max(1000).default([]),
  conflicts: z
    .array(z.looseObject({ maker: Text, score: z.number() }))
    .max(100)
    .default([]),
  openPorts: z.array(z.number().int().min(0).max(65535)).max(65536).default([]),
  evidence: z.array(Evidence).max(10000).default([]),
});
const ScanJson = z.looseObject({ hosts: z.array(z.unknown()).max(1_000_000) });
const Targets = z.array(z.string().max(256)).max(100_000);
/** Where `net scan --json` names its targets: `scan.targets` (or `targets` at the top). */
const TargetsAt = z.looseObject({
  scan: z.looseObject({ targets: Targets }).optional().catch(undefined),
  targets: Targets.optional().catch(undefined),
});

/** True when the text looks like a sousveil scan JSON (an object with a `hosts` array). */
export function looksLikeSousveilJson(text: string): boolean {
  return /^\s*\{/.test(text) && text.includes('"hosts"');
}

/**
 * Parses a sousveil scan JSON. A host with the wrong shape is an error naming its index and
 * field; nothing is returned then, so a half-read audit is never saved.
 */
export function parseSousveilJson(text: string, source = 'sousveil-json'): HostVerdict[] {
  return parseSousveilScan(text, source).hosts;
}

/** Parses a sousveil scan JSON: its hosts as `parseSousveilJson` does, and the targets it names. */
export function parseSousveilScan(
  text: string,
  source = 'sousveil-json',
): { hosts: HostVerdict[]; targets: string[] } {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new ParseError(source, `not JSON: ${(e as Error).message}`);
  }
  const top = ScanJson.safeParse(doc);
  if (!top.success) throw new ParseError(source, 'expected an object with a "hosts" array');
  const at = TargetsAt.safeParse(doc);
  const targets = at.success ? (at.data.scan?.targets ?? at.data.targets ?? []) : [];
  const hosts = top.data.hosts.map((raw, i) => {
    const h = Host.safeParse(raw);
    if (!h.success) {
      const issue = h.error.issues[0];
      throw new ParseError(
        source,
        `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`,
        `hosts[${i}]`,
      );
    }
    return h.data as unknown as HostVerdict;
  });
  return { hosts, targets };
}
