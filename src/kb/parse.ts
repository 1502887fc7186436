import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { KbFiles, type KbCollection } from './schema.js';
import type { KbProblem } from './problems.js';

/** A data file's name (relative to the kb folder) and text. */
export interface KbFileText {
  collection: KbCollection;
  file: string;
  text: string;
}

type Item<C extends KbCollection> = z.infer<(typeof KbFiles)[C]>[number];

/** Every collection's records, each remembering the file it came from. */
export type RawKb = { [C in KbCollection]: Array<Item<C> & { file: string }> };

/** Parses and validates kb data files; a bad record is reported and left out, good ones kept. */
export function parseKbFiles(files: readonly KbFileText[]): { kb: RawKb; problems: KbProblem[] } {
  const kb: RawKb = {
    sources: [],
    vendors: [],
    relations: [],
    restrictions: [],
    fingerprints: [],
    advisories: [],
    products: [],
    sdks: [],
    'firmware-components': [],
    'firmware-indicators': [],
  };
  const problems: KbProblem[] = [];
  for (const f of files) {
    const records = parseYamlList(f, problems);
    const schema = KbFiles[f.collection].element;
    records.forEach((raw, i) => {
      const record = recordName(raw, i);
      const parsed = schema.safeParse(raw);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          const at = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
          problems.push({ file: f.file, record, message: `${at}${issue.message}` });
        }
        return;
      }
      (kb[f.collection] as unknown[]).push({ ...parsed.data, file: f.file });
    });
  }
  return { kb, problems };
}

/**
 * Parses a YAML file holding a list of records (YAML 1.2 core schema, aliases bounded); problems
 * are reported against the file and the list is empty when the file cannot be read.
 */
export function parseYamlList(f: { file: string; text: string }, problems: KbProblem[]): unknown[] {
  // YAML 1.2 core schema: no custom tags, no implicit timestamps; aliases bounded against billion laughs.
  const doc = parseDocument(f.text, { schema: 'core', uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    for (const e of doc.errors) {
      const pos = e.linePos?.[0];
      const where = pos ? `line ${pos.line}` : 'file';
      problems.push({
        file: f.file,
        record: where,
        message: e.message.split('\n')[0] ?? e.message,
      });
    }
    return [];
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    problems.push({ file: f.file, record: 'file', message: (e as Error).message });
    return [];
  }
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.push({ file: f.file, record: 'file', message: 'expected a list of records' });
    return [];
  }
  return value;
}

/** A record's id, or its position (`#3`) when it has none. */
export function recordName(raw: unknown, index: number): string {
  if (typeof raw === 'object' && raw !== null && 'id' in raw && typeof raw.id === 'string') {
    return raw.id;
  }
  return `#${index + 1}`;
}
