import { z } from 'zod';
import type { KbProblem } from './problems.js';
import { patternProblem } from './sdk-match.js';
import type { Sdk, SdkCategory, SdkRule } from './sdk-schema.js';

/** One tracker as the Exodus API (`/api/trackers`) or the ETIP export writes it. */
const ExodusTracker = z.object({
  id: z.union([z.number(), z.string()]),
  name: z.string().min(1),
  code_signature: z.string().default(''),
  network_signature: z.string().default(''),
  website: z.string().optional(),
  categories: z.array(z.string()).optional(),
  category: z.array(z.string()).optional(),
  creation_date: z.string().optional(),
});

const categories: Record<string, SdkCategory> = {
  analytics: 'analytics',
  advertisement: 'ads',
  location: 'location',
  profiling: 'analytics',
  identification: 'fingerprinting',
  'crash reporting': 'crash',
};

/**
 * Converts an Exodus tracker list (the `{trackers: {id: …}}` API export or ETIP's
 * `{trackers: [...]}`) into SDK records. Exodus signatures are unanchored regexes in which `.`
 * matches anything; they become package-boundary rules, so `com.umeng.` means the package
 * `com.umeng`. Signatures that are not plain dotted prefixes (substrings such as `.tealium.`, IP
 * addresses, other regex syntax) are reported and left out. The data is ODbL 1.0: keep the
 * attribution with anything derived from it.
 */
export function importExodusTrackers(
  json: unknown,
  file: string,
): { sdks: Sdk[]; problems: KbProblem[] } {
  const problems: KbProblem[] = [];
  const list = trackerList(json);
  if (list === undefined) {
    return { sdks: [], problems: [{ file, record: 'file', message: 'expected {"trackers": …}' }] };
  }
  const sdks: Sdk[] = [];
  list.forEach((raw, i) => {
    const parsed = ExodusTracker.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const message = `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`;
      problems.push({ file, record: `#${i + 1}`, message });
      return;
    }
    const sdk = toSdk(parsed.data, (message) =>
      problems.push({ file, record: parsed.data.name, message }),
    );
    if (sdk !== undefined) sdks.push(sdk);
  });
  return { sdks, problems };
}

function trackerList(json: unknown): unknown[] | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const trackers = (json as { trackers?: unknown }).trackers;
  if (Array.isArray(trackers)) return trackers as unknown[];
  if (typeof trackers === 'object' && trackers !== null)
    return Object.values(trackers) as unknown[];
  return undefined;
}

function toSdk(t: z.infer<typeof ExodusTracker>, report: (m: string) => void): Sdk | undefined {
  const rules: SdkRule[] = [];
  for (const sig of split(t.code_signature)) {
    const pattern = sig.replaceAll('\\.', '.').replace(/^\.+|\.+$/g, '');
    if (sig.startsWith('.') || patternProblem({ kind: 'package', pattern }) !== undefined) {
      report(`code signature "${sig}" is not a package prefix; left out`);
      continue;
    }
    rules.push(rule('package', pattern, `${pattern}.A`, `${pattern}x.A`));
  }
  for (const sig of split(t.network_signature)) {
    const host = sig
      .replace(/^\^|\$$/g, '')
      .replace(/^\.\*\\?\.?/, '')
      .replaceAll('\\.', '.')
      .toLowerCase();
    if (patternProblem({ kind: 'domain', pattern: host }) !== undefined) {
      report(`network signature "${sig}" is not a host name; left out`);
      continue;
    }
    if (!rules.some((r) => r.kind === 'domain' && r.pattern === host)) {
      rules.push(rule('domain', host, host, `not${host}`));
    }
  }
  if (rules.length === 0) {
    report('no usable signature; tracker left out');
    return undefined;
  }
  const cats = [
    ...new Set((t.categories ?? t.category ?? []).map((c) => categories[c.toLowerCase()])),
  ];
  const known = cats.filter((c): c is SdkCategory => c !== undefined);
  const numeric = typeof t.id === 'number' ? t.id : /^\d+$/.test(t.id) ? Number(t.id) : undefined;
  const sdk: Sdk = {
    id: `exodus-${String(t.id)
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')}`,
    name: t.name,
    maker: { name: t.name },
    categories: known.length > 0 ? known : ['analytics'],
    rules,
    note: `Imported from an Exodus tracker list (ODbL 1.0)${t.website === undefined ? '' : `; ${t.website}`}.`,
    sources: [typeof t.id === 'number' ? 'sdk-exodus' : 'sdk-etip'],
  };
  return numeric === undefined ? sdk : { ...sdk, exodusId: numeric };
}

function split(signature: string): string[] {
  return signature
    .split('|')
    .map((s) => s.trim())
    .filter((s) => s.length > 3);
}

function rule(kind: SdkRule['kind'], pattern: string, example: string, negative: string): SdkRule {
  return { kind, pattern, examples: [example], negatives: [negative], confidence: 'medium' };
}

/**
 * Adds imported SDKs to the kb's: a rule the kb already has (same kind and pattern) stays the
 * kb's, since kb records are curated; an import left with no rule is dropped.
 */
export function mergeSdks(kb: readonly Sdk[], imported: readonly Sdk[]): Sdk[] {
  const known = new Set(kb.flatMap((s) => s.rules.map((r) => `${r.kind}\0${r.pattern}`)));
  const out = [...kb];
  for (const sdk of imported) {
    const rules = sdk.rules.filter((r) => !known.has(`${r.kind}\0${r.pattern}`));
    if (rules.length > 0) out.push({ ...sdk, rules });
  }
  return out;
}
