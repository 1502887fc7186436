import type { Sdk, SdkEvidenceKind, SdkRuleIndex, SdkRuleRef } from '../kb/index.js';
import type { AppInventory } from './inventory.js';

/** One rule that fired: what it looked for, how many values matched, a few of them. */
export interface SdkEvidence {
  readonly kind: SdkEvidenceKind;
  readonly pattern: string;
  readonly count: number;
  readonly samples: readonly string[];
}

/** An SDK found in an app, with every piece of evidence. */
export interface SdkFinding {
  readonly sdk: Sdk;
  readonly evidence: readonly SdkEvidence[];
}

const maxSamples = 5;

/**
 * Matches an app's classes, manifest components and meta-data keys, native library names, entry
 * paths and hosts against the SDK rules. A class or component matched by several SDKs goes to
 * the most specific rule (longest pattern), so `com.bytedance.sdk.openadsdk.X` counts for Pangle,
 * not for the `com.bytedance` umbrella.
 */
export function detectSdks(app: AppInventory, index: SdkRuleIndex): SdkFinding[] {
  const hits = new Map<string, { sdk: Sdk; rules: Map<string, MutableEvidence> }>();
  const byRef = new Map<SdkRuleRef, MutableEvidence>();
  const add = (ref: SdkRuleRef, value: string): void => {
    const known = byRef.get(ref);
    if (known !== undefined) {
      known.count++;
      if (known.samples.length < maxSamples) known.samples.push(value);
      return;
    }
    let entry = hits.get(ref.sdk.id);
    if (entry === undefined) hits.set(ref.sdk.id, (entry = { sdk: ref.sdk, rules: new Map() }));
    const key = `${ref.rule.kind}\0${ref.rule.pattern}`;
    let e = entry.rules.get(key);
    if (e === undefined) {
      e = { kind: ref.rule.kind, pattern: ref.rule.pattern, count: 0, samples: [] };
      entry.rules.set(key, e);
    }
    byRef.set(ref, e);
    e.count++;
    if (e.samples.length < maxSamples) e.samples.push(value);
  };
  const most = (kind: SdkEvidenceKind, value: string): void => {
    const refs = index.lookup(kind, value);
    const best = mostSpecific(refs);
    for (const ref of best) add(ref, value);
  };
  // Classes come in packages: the rules of a package are looked up once; a class's own name is
  // probed only in the few packages where a rule names a class.
  const byPackage = new Map<string, PackageRules>();
  for (const name of app.classes) {
    const dot = name.lastIndexOf('.');
    const pkg = dot < 0 ? '' : name.slice(0, dot);
    let p = byPackage.get(pkg);
    if (p === undefined) {
      const refs = pkg === '' ? [] : index.lookup('package', pkg);
      p = { best: mostSpecific(refs), refs, own: index.hasClassRulesIn(pkg) };
      byPackage.set(pkg, p);
    }
    if (!p.own) {
      for (const ref of p.best) add(ref, name);
      continue;
    }
    const own = index.lookup('package', name, dot + 1);
    for (const ref of mostSpecific(own.length === 0 ? p.refs : [...p.refs, ...own])) add(ref, name);
  }
  const m = app.manifest;
  for (const c of m?.components ?? []) most('component', c.name);
  for (const d of m?.metaData ?? [])
    for (const ref of index.lookup('meta-data', d.name)) add(ref, d.name);
  const libNames = new Set(app.nativeLibs.map((l) => l.name));
  for (const name of libNames) for (const ref of index.lookup('native-lib', name)) add(ref, name);
  for (const path of app.entries) for (const ref of index.lookup('asset', path)) add(ref, path);
  for (const host of app.hosts) most('domain', host);
  return [...hits.values()]
    .map(({ sdk, rules }) => ({ sdk, evidence: [...rules.values()] }))
    .sort((a, b) => a.sdk.id.localeCompare(b.sdk.id));
}

interface PackageRules {
  best: SdkRuleRef[];
  refs: SdkRuleRef[];
  own: boolean;
}

interface MutableEvidence {
  kind: SdkEvidenceKind;
  pattern: string;
  count: number;
  samples: string[];
}

function mostSpecific(refs: readonly SdkRuleRef[]): SdkRuleRef[] {
  if (refs.length <= 1) return [...refs];
  const longest = Math.max(...refs.map((r) => r.rule.pattern.length));
  return refs.filter((r) => r.rule.pattern.length === longest);
}

/** Share of classes whose package is made of one- or two-letter names (ProGuard/R8 renaming). */
export function obfuscatedShare(classes: readonly string[]): number {
  if (classes.length === 0) return 0;
  let renamed = 0;
  for (const name of classes) if (hasShortPackage(name)) renamed++;
  return renamed / classes.length;
}

/** Whether every part of a class's package (none counts) is one or two characters long. */
function hasShortPackage(name: string): boolean {
  const dot = name.lastIndexOf('.');
  let part = 0;
  for (let i = 0; i < dot; i++) {
    if (name.charCodeAt(i) === 0x2e) part = 0;
    else if (++part > 2) return false;
  }
  return true;
}
