// Firmware rules applied to one string (pure): what `kb check` tries on examples and what the
// firmware audit runs over file text, so the two cannot disagree.
import type { FirmwareComponent, FirmwareIndicator } from './firmware-schema.js';

const compiled = new WeakMap<object, RegExp>();

function regexOf(rule: { pattern: string }, flags: string): RegExp {
  let re = compiled.get(rule);
  if (re === undefined) compiled.set(rule, (re = new RegExp(rule.pattern, flags)));
  re.lastIndex = 0;
  return re;
}

/** The component's versions in a text (first capture group of each match), deduplicated. */
export function componentVersions(c: FirmwareComponent, text: string, max = 8): string[] {
  const re = regexOf(c, 'g');
  const found = new Set<string>();
  for (let m = re.exec(text); m !== null && found.size < max; m = re.exec(text)) {
    if (m[0] === '') re.lastIndex++;
    const v = m[1];
    if (v !== undefined && v !== '') found.add(v);
  }
  return [...found];
}

/** The first version of the component in a text, if any. */
export function componentVersion(c: FirmwareComponent, text: string): string | undefined {
  return componentVersions(c, text, 1)[0];
}

/** The indicator's first match in a text (content or path, as the rule says), if any. */
export function indicatorMatch(i: FirmwareIndicator, text: string): string | undefined {
  const re = regexOf(i, i.caseSensitive ? '' : 'i');
  return re.exec(text)?.[0];
}

/** Whether the indicator matches a text. */
export function indicatorMatches(i: FirmwareIndicator, text: string): boolean {
  return indicatorMatch(i, text) !== undefined;
}
