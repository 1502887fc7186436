import { describe, expect, it } from 'vitest';
import { mergeRefusal, publicReportCollection } from './merge.js';

describe('mergeRefusal', () => {
  it.each([
    ['a mapped camera', { kind: 'camera', id: 'n1' }, { camera: true }, undefined],
    ['a camera not on the map', { kind: 'camera', id: 'n9' }, { camera: false }, 'no mapped'],
    ['a new report', { kind: 'report', id: 'r0' }, { status: 'new' }, undefined],
    ['an accepted report', { kind: 'report', id: 'r0' }, { status: 'accepted' }, undefined],
    ['itself', { kind: 'report', id: 'r1' }, { status: 'new' }, 'into itself'],
    ['a missing report', { kind: 'report', id: 'rx' }, { status: undefined }, 'there is no'],
    ['a merged report', { kind: 'report', id: 'r0' }, { status: 'merged' }, 'itself merged'],
    ['a rejected report', { kind: 'report', id: 'r0' }, { status: 'rejected' }, 'was rejected'],
  ] as const)('into %s', (_what, target, found, problem) => {
    const answer = mergeRefusal('r1', target, found);
    if (problem === undefined) expect(answer).toBeUndefined();
    else expect(answer).toContain(problem);
  });
});

describe('publicReportCollection', () => {
  it('marks reports as public and accepted, [lon, lat], and says when it was cut', () => {
    const r = {
      id: 'a',
      day: '2026-11-30',
      lat: 44.8,
      lon: 20.4,
      fields: { type: 'camera', direction: 90 },
      acceptedDay: '2026-12-01',
      merged: 2,
    };
    const c = publicReportCollection([r, { ...r, id: 'b' }], 1);
    expect(c.truncated).toBe(true);
    expect(c.features).toEqual([
      {
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [20.4, 44.8] },
        properties: {
          id: 'a',
          source: 'public',
          status: 'accepted',
          day: '2026-11-30',
          acceptedDay: '2026-12-01',
          type: 'camera',
          direction: 90,
          merged: 2,
        },
      },
    ]);
  });
});
