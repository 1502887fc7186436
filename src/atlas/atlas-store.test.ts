// The atlas in a real store: seeded from the shipped data when writable; a store opened for
// reading gets the shipped records laid over its own in memory, and its file is not touched.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../store/index.js';
import { isSeededWith, loadStoredAtlas, saveAtlas, seedAtlas, seededAtlas } from './atlas-store.js';
import { miniAtlas } from './testdata/mini.js';

const dir = mkdtempSync(join(tmpdir(), 'sousveil-atlas-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const sha = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('seededAtlas', () => {
  const shipped = miniAtlas();
  shipped.projects[0]!.name = 'ECU 911 (shipped)';

  it('seeds a writable store, and reseeds it when the shipped data changed', async () => {
    const store = openSqliteStore(join(dir, 'w.db'));
    try {
      expect((await seededAtlas(store, miniAtlas(), 'v1')).projects[0]?.name).toBe('ECU 911');
      expect((await seededAtlas(store, shipped, 'v2')).projects[0]?.name).toBe('ECU 911 (shipped)');
      expect((await loadStoredAtlas(store)).projects[0]?.name).toBe('ECU 911 (shipped)');
    } finally {
      await store.close();
    }
  });

  it('tells whether the store was seeded from these data files (what lets serve skip parsing them)', async () => {
    const store = openSqliteStore(join(dir, 'k.db'));
    try {
      expect(await isSeededWith(store, 'v1')).toBe(false);
      expect(await seedAtlas(store, miniAtlas(), 'v1')).toBe(true);
      expect(await isSeededWith(store, 'v1')).toBe(true);
      expect(await isSeededWith(store, 'v2')).toBe(false);
    } finally {
      await store.close();
    }
  });

  it('a store opened for reading: shipped records laid over in memory, the file unchanged', async () => {
    const file = join(dir, 'r.db');
    const writer = openSqliteStore(file);
    await seededAtlas(writer, miniAtlas(), 'v1');
    const imported = miniAtlas();
    imported.organisations[0]!.id = 'imported-bank';
    await saveAtlas(writer, { ...imported, projects: [], claims: [] });
    await writer.close();
    const before = sha(file);
    const reader = openSqliteStore(file, { access: 'read' });
    try {
      const atlas = await seededAtlas(reader, shipped, 'v2');
      expect(atlas.projects.map((p) => p.name)).toEqual(['ECU 911 (shipped)']);
      expect(atlas.organisations.map((o) => o.id).sort()).toEqual([
        'china-development-bank',
        'imported-bank',
      ]);
      expect((await loadStoredAtlas(reader)).projects[0]?.name).toBe('ECU 911');
    } finally {
      await reader.close();
    }
    expect(sha(file)).toBe(before);
  });
});
