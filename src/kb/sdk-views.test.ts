import { beforeAll, describe, expect, it } from 'vitest';
import { loadKb, type Kb } from './index.js';
import { jurisdictionOf, sdkList, sdkPage } from './sdk-views.js';

let kb: Kb;
beforeAll(async () => {
  kb = (await loadKb()).kb;
});

const app = {
  id: 7,
  scannedAt: '2026-11-30T10:00:00.000Z',
  file: 'reader.apk',
  sha256: 'ab'.repeat(32),
  package: 'org.example.reader',
  sdkCount: 1,
  prcSdkCount: 1,
};

describe('SDK views', () => {
  it('lists every kb SDK once, PRC makers first, with the saved apps counted', () => {
    const list = sdkList(kb, new Map([['pangle', 3]]));
    expect(list.map((s) => s.id).sort()).toEqual(kb.sdks.map((s) => s.id).sort());
    const firstOther = list.findIndex((s) => s.jurisdiction !== 'prc');
    expect(firstOther).toBeGreaterThan(0);
    expect(list.slice(firstOther).some((s) => s.jurisdiction === 'prc')).toBe(false);
    const pangle = list.find((s) => s.id === 'pangle');
    expect(pangle).toMatchObject({
      maker: 'ByteDance',
      vendor: { id: 'bytedance', name: 'ByteDance' },
      country: { id: 'CN', name: 'China' },
      appCount: 3,
    });
    expect(list.find((s) => s.id === 'tencent-bugly')?.appCount).toBe(0);
  });

  it("an SDK page gives the maker's kb vendor with its verdict, every rule, sources that resolve, and the apps", () => {
    const page = sdkPage(kb, 'pangle', { items: [app], more: false }, '2026-11-30');
    expect(page?.maker).toEqual({
      name: 'ByteDance',
      country: { id: 'CN', name: 'China' },
      vendor: { id: 'bytedance', name: 'ByteDance' },
    });
    expect(page?.makerVerdict?.vendor.id).toBe('bytedance');
    const rules = kb.sdks.find((s) => s.id === 'pangle')?.rules ?? [];
    expect(page?.rules.map((r) => [r.kind, r.pattern])).toEqual(
      rules.map((r) => [r.kind, r.pattern]),
    );
    expect(page?.rules.find((r) => r.kind === 'component')?.kindLabel).toBe('manifest component');
    const numbers = new Set(page?.sources.map((s) => s.n));
    const cited = [
      ...(page?.cites ?? []),
      ...(page?.makerVerdict?.restrictions.flatMap((r) => r.cites) ?? []),
    ];
    expect(cited.length).toBeGreaterThan(0);
    for (const n of cited) expect(numbers.has(n)).toBe(true);
    expect(page?.apps).toEqual([app]);
  });

  it('a maker without a kb vendor has no verdict; an unknown SDK has no page', () => {
    const bugly = sdkPage(kb, 'tencent-bugly', { items: [], more: false }, '2026-11-30');
    expect(bugly?.maker.ownership).toContain('Tencent');
    expect(bugly?.makerVerdict).toBeUndefined();
    expect(bugly?.jurisdiction).toBe('prc');
    expect(sdkPage(kb, 'no-such-sdk', { items: [], more: false }, '2026-11-30')).toBeUndefined();
  });

  it.each([
    ['CN', 'prc'],
    ['US', 'other'],
    [undefined, 'unknown'],
  ] as const)('a maker based in %s answers to %s', (country, expected) => {
    expect(jurisdictionOf(country)).toBe(expected);
  });
});
