import { describe, expect, it } from 'vitest';
import { processShare, requestConnections, shareOf, threadConnections } from './serve-share.js';

describe('shareOf', () => {
  it.each([
    [8, 1, 1, 8],
    [8, 2, 1, 4],
    [8, 3, 1, 2],
    [8, 4, 1, 2],
    [8, 16, 1, 1],
    [8, 16, 2, 2],
    [2, 4, 1, 1],
  ])('%i among %i workers, floor %i: %i', (total, workers, floor, want) => {
    expect(shareOf(total, workers, floor)).toBe(want);
  });

  it('refuses a worker count that is not a whole number of at least 1', () => {
    expect(() => shareOf(8, 0)).toThrow(RangeError);
    expect(() => shareOf(8, 1.5)).toThrow(RangeError);
  });
});

describe('processShare', () => {
  it('gives a lone process the whole budget', () => {
    expect(processShare(1)).toEqual({ connections: requestConnections, threadConnections });
  });

  it('keeps the connections of all workers together near one process’s', () => {
    for (const workers of [2, 4]) {
      const { connections, threadConnections: perThread } = processShare(workers);
      expect(workers * connections).toBeLessThanOrEqual(requestConnections);
      expect(workers * perThread).toBeLessThanOrEqual(Math.max(workers, threadConnections));
    }
  });

  it('never goes below two request connections and one per thread', () => {
    expect(processShare(16)).toEqual({ connections: 2, threadConnections: 1 });
  });
});
