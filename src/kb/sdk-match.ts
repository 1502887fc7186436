import type { Sdk, SdkEvidenceKind, SdkRule } from './sdk-schema.js';

/** A rule with the SDK it belongs to. */
export interface SdkRuleRef {
  readonly sdk: Sdk;
  readonly rule: SdkRule;
}

/**
 * True when `name` is `pattern` or continues it at a package or inner-class boundary:
 * `com.umeng` matches `com.umeng.analytics.A` and `com.umeng$1`, not `com.umengx.A`.
 */
export function isAtBoundary(pattern: string, name: string): boolean {
  if (!name.startsWith(pattern)) return false;
  if (name.length === pattern.length) return true;
  const next = name.charCodeAt(pattern.length);
  return next === 0x2e || next === 0x24; // '.' or '$'
}

/** Whether one value (a class, component, key, file name or host) matches one rule. */
export function ruleMatches(rule: Pick<SdkRule, 'kind' | 'pattern'>, value: string): boolean {
  switch (rule.kind) {
    case 'package':
    case 'component':
      return isAtBoundary(rule.pattern, value);
    case 'meta-data':
      return value === rule.pattern;
    case 'native-lib':
    case 'asset':
      return rule.pattern.endsWith('*')
        ? value.startsWith(rule.pattern.slice(0, -1))
        : value === rule.pattern;
    case 'domain': {
      const host = value.toLowerCase();
      return host === rule.pattern || host.endsWith(`.${rule.pattern}`);
    }
  }
}

/** What a pattern of each kind must look like; undefined when it is well formed. */
export function patternProblem(rule: Pick<SdkRule, 'kind' | 'pattern'>): string | undefined {
  const p = rule.pattern;
  switch (rule.kind) {
    case 'package':
    case 'component':
      return /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/.test(p)
        ? undefined
        : 'a dotted Java name without a trailing dot';
    case 'meta-data':
      return /\s/.test(p) ? 'a meta-data key has no spaces' : undefined;
    case 'native-lib':
      return /^lib[\w.+-]*(\.so|\*)$/.test(p)
        ? undefined
        : 'a lib….so file name (or prefix ending in *)';
    case 'asset':
      return /^[\w./-]+\*?$/.test(p) && !p.startsWith('/') ? undefined : 'an entry path';
    case 'domain':
      return /^([a-z0-9-]+\.)+[a-z]{2,}$/.test(p) ? undefined : 'a lower-case host name';
  }
}

/** Rules indexed by kind for lookups that cost one map probe per boundary of a name. */
export class SdkRuleIndex {
  private readonly exact = new Map<SdkEvidenceKind, Map<string, SdkRuleRef[]>>();
  private readonly prefixes: { ref: SdkRuleRef; prefix: string }[] = [];
  /** Packages holding a package rule's last name: only there can a class name itself match. */
  private readonly ruleParents = new Set<string>();

  constructor(sdks: readonly Sdk[]) {
    for (const sdk of sdks) {
      for (const rule of sdk.rules) {
        const ref = { sdk, rule };
        if (rule.kind === 'package')
          this.ruleParents.add(rule.pattern.slice(0, Math.max(0, rule.pattern.lastIndexOf('.'))));
        if ((rule.kind === 'native-lib' || rule.kind === 'asset') && rule.pattern.endsWith('*')) {
          this.prefixes.push({ ref, prefix: rule.pattern.slice(0, -1) });
          continue;
        }
        let byPattern = this.exact.get(rule.kind);
        if (byPattern === undefined) {
          byPattern = new Map<string, SdkRuleRef[]>();
          this.exact.set(rule.kind, byPattern);
        }
        const list = byPattern.get(rule.pattern);
        if (list === undefined) byPattern.set(rule.pattern, [ref]);
        else list.push(ref);
      }
    }
  }

  /**
   * Whether a class of package `pkg` (dotted) can match a rule by its own name (`com.x.Foo` or
   * `com.x.Foo$1` for a rule `com.x.Foo`), beyond the rules its package matches.
   */
  hasClassRulesIn(pkg: string): boolean {
    return this.ruleParents.has(pkg);
  }

  /**
   * Rules of `kind` matching `value`; package and component names are probed at each boundary
   * (past `from` only, when the caller knows the rules of the name's start already).
   */
  lookup(kind: SdkEvidenceKind, value: string, from = 1): SdkRuleRef[] {
    const map = this.exact.get(kind);
    const out: SdkRuleRef[] = [];
    if (kind === 'package' || kind === 'component') {
      if (map === undefined) return out;
      for (let i = Math.max(from, 1); i <= value.length; i++) {
        const c = i === value.length ? 0x2e : value.charCodeAt(i);
        if (c !== 0x2e && c !== 0x24) continue;
        const refs = map.get(value.slice(0, i));
        if (refs !== undefined) out.push(...refs);
      }
      return out;
    }
    if (kind === 'domain') {
      const host = value.toLowerCase();
      for (let i = -1; i < host.length; i = host.indexOf('.', i + 1)) {
        const refs = map?.get(host.slice(i + 1));
        if (refs !== undefined) out.push(...refs);
        if (host.indexOf('.', i + 1) === -1) break;
      }
      return out;
    }
    out.push(...(map?.get(value) ?? []));
    for (const p of this.prefixes) {
      if (p.ref.rule.kind === kind && value.startsWith(p.prefix)) out.push(p.ref);
    }
    return out;
  }
}
