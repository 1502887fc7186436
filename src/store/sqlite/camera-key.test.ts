import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { beforeFirstRowid } from '../store.js';
import { cameraIdOf, cameraIdSql, cameraKey } from './camera-key.js';

const id = fc
  .tuple(fc.constantFrom('n', 'w', 'r'), fc.integer({ min: -(2 ** 50), max: 2 ** 50 }))
  .map(([t, n]) => `${t}${n}`);

describe('camera keys', () => {
  it('round-trips every id, in JS and in SQL, and stays above beforeFirstRowid', () => {
    const db = new Database(':memory:');
    db.exec(
      `CREATE TABLE t (rowid INTEGER PRIMARY KEY, id TEXT GENERATED ALWAYS AS (${cameraIdSql}) VIRTUAL)`,
    );
    const put = db.prepare('INSERT OR REPLACE INTO t (rowid) VALUES (?)');
    const get = db.prepare('SELECT id FROM t WHERE rowid = ?').pluck();
    fc.assert(
      fc.property(id, (s) => {
        const key = cameraKey(s);
        expect(key).toBeDefined();
        expect(Number.isSafeInteger(key)).toBe(true);
        expect(key).toBeGreaterThan(beforeFirstRowid);
        expect(cameraIdOf(key as number)).toBe(s);
        put.run(key);
        expect(get.get(key)).toBe(s);
      }),
    );
    db.close();
  });

  it("orders a type's ids as numbers, and tells the types apart", () => {
    expect(cameraKey('n20')).toBeLessThan(cameraKey('n100') as number);
    expect(cameraKey('n-5')).toBeLessThan(cameraKey('n0') as number);
    expect(new Set(['n7', 'w7', 'r7'].map(cameraKey)).size).toBe(3);
  });

  it('has no key for what is not a camera id', () => {
    for (const bad of [
      '',
      'n',
      'x12',
      'n1.5',
      'n012',
      'n+1',
      'n 1',
      `n${2 ** 51}`,
      'node/1',
      'n1e3',
    ])
      expect(cameraKey(bad), bad).toBeUndefined();
  });
});
