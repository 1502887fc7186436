// Reading atlas records (pure): YAML data files and JSON documents into validated records. A bad
// record is reported with where it is and why, and left out; the good ones are kept.
import { parseYamlList, recordName } from '../kb/parse.js';
import { AtlasFiles, emptyAtlas, type Atlas, type AtlasCollection } from './schema.js';

/** One thing wrong with atlas input, located by file and record (or row) and field. */
export interface AtlasProblem {
  file: string;
  /** The record's id, `#3` (third in its list) or `row 12` for CSV. */
  record: string;
  /** The collection of the record, where known. */
  collection?: AtlasCollection;
  /** The field, dotted (`sources.0.source`), when the problem is in one. */
  field?: string;
  message: string;
}

export function formatAtlasProblem(p: AtlasProblem): string {
  return `${p.file}: ${p.record}: ${p.field !== undefined ? `${p.field}: ` : ''}${p.message}`;
}

export interface AtlasFileText {
  collection: AtlasCollection;
  file: string;
  text: string;
}

/** Parses and validates atlas data files. */
export function parseAtlasFiles(files: readonly AtlasFileText[]): {
  atlas: Atlas;
  problems: AtlasProblem[];
} {
  const atlas = emptyAtlas();
  const problems: AtlasProblem[] = [];
  for (const f of files) {
    const list = parseYamlList(f, problems);
    addRecords(atlas, f.collection, list, f.file, problems, (i) => `#${i + 1}`);
  }
  return { atlas, problems };
}

/** Appends every record of `part` to `into`, one by one (no spread: lists may be very long). */
export function appendAtlas(into: Atlas, part: Atlas): void {
  for (const k of Object.keys(into) as Array<keyof Atlas>) {
    const list = into[k] as unknown[];
    for (const r of part[k]) list.push(r);
  }
}

/**
 * Validates `list` as records of `collection` and adds the good ones to `atlas`. `where` names a
 * record that has no id yet (its position, or its CSV row).
 */
export function addRecords(
  atlas: Atlas,
  collection: AtlasCollection,
  list: readonly unknown[],
  file: string,
  problems: AtlasProblem[],
  where: (index: number) => string,
  origins?: Map<string, string>,
): number {
  const schema = AtlasFiles[collection].element;
  let added = 0;
  list.forEach((raw, i) => {
    const named = recordName(raw, i);
    const record = named.startsWith('#') ? where(i) : `${named} (${where(i)})`;
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        problems.push({
          file,
          record,
          ...(issue.path.length > 0 ? { field: issue.path.join('.') } : {}),
          message: issue.message,
        });
      }
      return;
    }
    (atlas[collection] as unknown[]).push(parsed.data);
    origins?.set(`${collection}/${parsed.data.id}`, `${file} (${where(i)})`);
    added++;
  });
  return added;
}

/**
 * Reads a JSON atlas document: an object with any of the collections as arrays (what
 * `atlas export --format json` writes). Unknown top-level keys are reported, not ignored.
 */
export function parseAtlasJson(
  text: string,
  file: string,
  origins?: Map<string, string>,
): { atlas: Atlas; problems: AtlasProblem[] } {
  const atlas = emptyAtlas();
  const problems: AtlasProblem[] = [];
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    problems.push({ file, record: 'file', message: `not JSON: ${(e as Error).message}` });
    return { atlas, problems };
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    problems.push({ file, record: 'file', message: 'expected an object of record lists' });
    return { atlas, problems };
  }
  for (const [key, value] of Object.entries(doc)) {
    if (key === 'format' || key === 'exported' || key === 'counts') continue;
    if (!Object.hasOwn(AtlasFiles, key)) {
      problems.push({ file, record: 'file', field: key, message: 'not an atlas collection' });
      continue;
    }
    if (!Array.isArray(value)) {
      problems.push({ file, record: 'file', field: key, message: 'expected a list' });
      continue;
    }
    addRecords(
      atlas,
      key as AtlasCollection,
      value,
      file,
      problems,
      (i) => `${key}[${i}]`,
      origins,
    );
  }
  return { atlas, problems };
}
