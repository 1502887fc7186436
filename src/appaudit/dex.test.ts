import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../shared/errors.js';
import { parseDex } from './dex.js';
import { buildDex } from './test-builders.js';

const sample = buildDex({
  classes: ['Lcom/umeng/analytics/MobclickAgent;', 'Lcom/example/app/Main$1;'],
  strings: ['Landroid/app/Activity;', '[I', 'https://alog.umeng.com/app_logs', 'naïve \u0000 😀'],
  methodCount: 3,
});

describe('DEX tables', () => {
  it('reads defined classes, referenced types and strings', () => {
    const [dex] = parseDex(sample, 'classes.dex', { strings: true, types: true });
    expect(dex).toEqual({
      version: 35,
      classes: ['com.umeng.analytics.MobclickAgent', 'com.example.app.Main$1'],
      types: [
        'com.umeng.analytics.MobclickAgent',
        'com.example.app.Main$1',
        'android.app.Activity',
      ],
      methodCount: 3,
      stringCount: 6,
      strings: [
        'Lcom/umeng/analytics/MobclickAgent;',
        'Lcom/example/app/Main$1;',
        'Landroid/app/Activity;',
        '[I',
        'https://alog.umeng.com/app_logs',
        'naïve \u0000 😀',
      ],
    });
  });

  it('finds the hosts its strings name, ASCII on their bytes and others decoded', () => {
    const dex = buildDex({
      classes: ['La/B;'],
      strings: [
        'https://alog.umeng.com/app_logs',
        'é http://Cdn.Example.ORG/x',
        'api.jpush.cn',
        'a.b',
      ],
    });
    expect([...(parseDex(dex, 'x.dex', { hosts: true })[0]?.hosts ?? [])].sort()).toEqual([
      'alog.umeng.com',
      'api.jpush.cn',
      'cdn.example.org',
    ]);
  });

  it.each(['035', '037', '038', '039', '040'])('accepts version %s', (version) => {
    expect(parseDex(buildDex({ version, classes: ['La/B;'] }))[0]?.version).toBe(Number(version));
  });

  it('walks the headers of a 041 container', () => {
    const one = buildDex({ version: '041', classes: ['La/One;'] });
    const [first] = parseDex(one);
    expect(first?.classes).toEqual(['a.One']);
  });

  it('refuses other versions and byte orders with a clear message', () => {
    expect(() => parseDex(buildDex({ version: '034', classes: [] }), 'x.dex')).toThrow(
      'x.dex:0x4: unsupported DEX version 034',
    );
    const swapped = sample.slice();
    swapped.set([0x12, 0x34, 0x56, 0x78], 0x28);
    expect(() => parseDex(swapped, 'x.dex')).toThrow('unsupported DEX byte order');
    expect(() => parseDex(new TextEncoder().encode('PK\u0003\u0004'), 'x.dex')).toThrow(
      /DEX header runs past the end/,
    );
  });

  it('says a truncated DEX is truncated', () => {
    expect(() => parseDex(sample.subarray(0, sample.length - 10), 'classes2.dex')).toThrow(
      `classes2.dex:0x20: truncated: the header says ${sample.length} bytes, ${sample.length - 10} are there`,
    );
  });

  it('refuses string ids pointing into one string at every byte (quadratic text)', () => {
    const short = Array.from({ length: 4000 }, (_, i) => `s${i}`);
    const bytes = buildDex({ classes: [], strings: ['a'.repeat(20_000), ...short] });
    // Point every string id at a different byte of the long string's data.
    const dv = new DataView(bytes.buffer);
    const first = dv.getUint32(0x70, true);
    for (let i = 0; i < 4001; i++) dv.setUint32(0x70 + 4 * i, first + 2 + i, true);
    expect(() => parseDex(bytes, 'q.dex', { strings: true })).toThrow(
      /more text than the file holds/,
    );
  });
});

describe('DEX parsing is total', () => {
  const onlyParseErrors = (bytes: Uint8Array): void => {
    try {
      parseDex(bytes, 'fuzz', { strings: true, types: true, hosts: true });
    } catch (error) {
      if (!(error instanceof ParseError)) throw error;
    }
  };

  it('throws only ParseError on random bytes after a valid magic', () => {
    const magic = new TextEncoder().encode('dex\n038\0');
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (tail) => {
        const bytes = new Uint8Array(magic.length + tail.length);
        bytes.set(magic);
        bytes.set(tail, magic.length);
        onlyParseErrors(bytes);
      }),
      { numRuns: 1000 },
    );
  });

  it('throws only ParseError on a real DEX with bytes changed', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(sample.length - 1), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 6,
        }),
        (edits) => {
          const bytes = sample.slice();
          for (const [at, value] of edits) bytes[at] = value;
          onlyParseErrors(bytes);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
