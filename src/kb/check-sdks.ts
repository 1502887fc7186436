import type { RawKb } from './parse.js';
import { patternProblem, ruleMatches } from './sdk-match.js';

type Add = (r: { id: string; file: string }, message: string) => void;

/**
 * SDK records: sources and maker vendors resolve; every rule is well formed, matches each of its
 * examples and none of its negatives; no two SDKs claim the same rule.
 */
export function checkSdks(kb: RawKb, add: Add): void {
  const sources = new Set(kb.sources.map((s) => s.id));
  const vendors = new Set(kb.vendors.map((v) => v.id));
  const claimed = new Map<string, string>();
  for (const sdk of kb.sdks) {
    for (const id of sdk.sources) if (!sources.has(id)) add(sdk, `sources: unknown source "${id}"`);
    if (sdk.maker.country === undefined) add(sdk, "maker.country: name the maker's country");
    if (sdk.maker.vendor !== undefined && !vendors.has(sdk.maker.vendor)) {
      add(sdk, `maker.vendor: unknown vendor "${sdk.maker.vendor}"`);
    }
    sdk.rules.forEach((rule, i) => {
      const at = `rules.${i} (${rule.kind} ${rule.pattern})`;
      const problem = patternProblem(rule);
      if (problem !== undefined) add(sdk, `${at}: expected ${problem}`);
      for (const e of rule.examples) {
        if (!ruleMatches(rule, e)) add(sdk, `${at}: does not match its example "${e}"`);
      }
      for (const n of rule.negatives) {
        if (ruleMatches(rule, n)) add(sdk, `${at}: matches its negative "${n}"`);
      }
      const key = `${rule.kind}\0${rule.pattern}`;
      const first = claimed.get(key);
      if (first !== undefined && first !== sdk.id) add(sdk, `${at}: also a rule of "${first}"`);
      else claimed.set(key, sdk.id);
    });
  }
}
