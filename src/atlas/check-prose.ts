// Record ids in prose (pure): a note, summary or value that names another record by its id
// shows that id to readers. `atlas check` warns, so prose refers to records by their names.
import type { Atlas, AtlasCollection } from './schema.js';

/** Warnings for notes and summaries that contain a record id (ids with a hyphen or a dot). */
export function idsInProse(
  atlas: Atlas,
  otherIds: Iterable<string>,
  at: (
    c: AtlasCollection,
    id: string,
  ) => { file: string; record: string; collection: AtlasCollection },
): Array<{
  file: string;
  record: string;
  collection: AtlasCollection;
  field: string;
  message: string;
}> {
  const ids = new Set<string>([...otherIds].filter((id) => /[-.]/.test(id)));
  for (const list of [
    atlas.projects,
    atlas.claims,
    atlas.places,
    atlas.organisations,
    atlas.sources,
    atlas.agreements,
  ])
    for (const r of list) if (/[-.]/.test(r.id)) ids.add(r.id);
  const out: Array<{
    file: string;
    record: string;
    collection: AtlasCollection;
    field: string;
    message: string;
  }> = [];
  const look = (c: AtlasCollection, id: string, field: string, text: string | undefined): void => {
    if (text === undefined) return;
    for (const word of text.split(/[\s,;:()[\]"'/]+/)) {
      const w = word.replace(/[.…]+$/, '');
      if (ids.has(w) && w !== id) {
        out.push({
          ...at(c, id),
          field,
          message: `names the record "${w}" by its id; readers see ids, so name it`,
        });
        return;
      }
    }
  };
  for (const c of atlas.claims) {
    look('claims', c.id, 'note', c.note);
    if (typeof c.value === 'string' && !/^[a-z]+:/.test(c.value))
      look('claims', c.id, 'value', c.value);
  }
  for (const p of atlas.projects) look('projects', p.id, 'summary', p.summary);
  return out;
}
