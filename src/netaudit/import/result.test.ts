import { describe, expect, it } from 'vitest';
import { mergeHosts, SkipList, maxSkippedListed } from './result.js';

describe('mergeHosts', () => {
  it('merges addresses, drops duplicates and sums DNS query counts', () => {
    expect(
      mergeHosts(
        [
          {
            address: '192.0.2.1',
            observations: [
              { kind: 'mac', source: 'a', mac: '44:19:b6:01:02:03' },
              { kind: 'dns-query', source: 'a', name: 'x.example', count: 2 },
            ],
          },
        ],
        [
          {
            address: '192.0.2.1',
            observations: [
              { source: 'a', mac: '44:19:b6:01:02:03', kind: 'mac' },
              { kind: 'dns-query', source: 'a', name: 'x.example' },
            ],
          },
          { address: '192.0.2.2', observations: [] },
        ],
      ),
    ).toEqual([
      {
        address: '192.0.2.1',
        observations: [
          { kind: 'mac', source: 'a', mac: '44:19:b6:01:02:03' },
          { kind: 'dns-query', source: 'a', name: 'x.example', count: 3 },
        ],
      },
      { address: '192.0.2.2', observations: [] },
    ]);
  });
});

describe('SkipList', () => {
  it('lists a bounded number of records and sums up the rest', () => {
    const s = new SkipList();
    for (let i = 0; i < maxSkippedListed + 5; i++) s.add(`line ${i}`, 'bad');
    const list = s.toArray();
    expect(list).toHaveLength(maxSkippedListed + 1);
    expect(list.at(-1)).toEqual({ position: 'more', reason: '5 more records skipped' });
  });
});
