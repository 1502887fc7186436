// Data files are read under a byte limit that counts what is read: a YAML file that is really a
// device or a FIFO is refused in one line instead of filling memory.
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { maxYamlBytes, readYamlCollections } from './fs-loader.js';

const dir = mkdtempSync(join(tmpdir(), 'sousveil-yaml-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readYamlCollections', () => {
  it('reads the files of each collection', () => {
    writeFileSync(join(dir, 'vendors.yaml'), '- id: x\n');
    expect(readYamlCollections(dir, ['vendors'])).toEqual([
      {
        collection: 'vendors',
        file: relative(process.cwd(), join(dir, 'vendors.yaml')),
        text: '- id: x\n',
      },
    ]);
  });

  it('refuses a collection file with no end (/dev/zero) once the limit passes', () => {
    symlinkSync('/dev/zero', join(dir, 'sources.yaml'));
    expect(maxYamlBytes).toBe(16 * 1024 * 1024);
    expect(() => readYamlCollections(dir, ['sources'])).toThrow(
      /sources\.yaml: larger than 16 MiB, the limit for one file; stopped reading there; split it into several files$/,
    );
  });
});
