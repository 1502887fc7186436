import { describe, expect, it } from 'vitest';
import { run } from './main.js';
import { captureIo } from './test-io.js';

interface Out {
  asOf: string;
  results: Array<{
    verdict: {
      covered: boolean;
      restrictions: Array<{ short: string; since?: string }>;
      notInForce: Array<{ short: string; begins?: string; ended?: string }>;
      relations: Array<{ to: { id: string }; type: string; state: string }>;
    };
  }>;
}

async function identify(...args: string[]): Promise<{ code: number; out: Out; err: string }> {
  const io = captureIo();
  const code = await run(['identify', '--json', ...args], io);
  return { code, out: (code === 0 ? JSON.parse(io.out()) : {}) as Out, err: io.err() };
}

describe('identify --as-of respects the dates of restrictions and relations', () => {
  it('Huawei on 2015-01-01 is not covered: every restriction began later', async () => {
    const { out } = await identify('--as-of', '2015-01-01', 'Huawei');
    const v = out.results[0]!.verdict;
    expect(v.covered).toBe(false);
    expect(v.restrictions).toEqual([]);
    expect(v.notInForce.map((r) => r.begins)).toContain('2019-08-13');
  });

  it('Huawei on 2020-01-01 lists only what applied then', async () => {
    const { out } = await identify('--as-of', '2020-01-01', 'Huawei');
    const v = out.results[0]!.verdict;
    expect(v.covered).toBe(true);
    for (const r of v.restrictions) expect(r.since! <= '2020-01-01').toBe(true);
    expect(v.restrictions.map((r) => r.short)).toContain('NDAA §889(a)(1)(A)');
    expect(v.restrictions.map((r) => r.short)).not.toContain('NDAA §889(a)(1)(B)');
    expect(v.notInForce.map((r) => r.short)).toContain('FCC Covered List');
  });

  it('an ownership that ended is "former"; one that had not begun is not there yet', async () => {
    const after = (await identify('--as-of', '2024-01-01', 'Lorex')).out.results[0]!.verdict;
    const sub = (v: typeof after) =>
      v.relations.find((r) => r.to.id === 'dahua' && r.type === 'subsidiary')?.state;
    expect(sub(after)).toBe('ended');
    const before = (await identify('--as-of', '2017-01-01', 'Lorex')).out.results[0]!.verdict;
    expect(sub(before)).toBe('future');
  });

  it.each(['2018-13-45', '2019-02-29', '2020-1-1', 'yesterday'])(
    'rejects --as-of %s as not a calendar date',
    async (date) => {
      const { code, err } = await identify('--as-of', date, 'Huawei');
      expect(code).toBe(1);
      expect(err).toContain(`--as-of: "${date}" is not a calendar date`);
    },
  );
});
