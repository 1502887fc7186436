import { describe, expect, it } from 'vitest';
import { diffScans, formatDiff } from './diff.js';

describe('diffScans', () => {
  it('finds appeared, disappeared and changed hosts', () => {
    const d = diffScans(
      [
        {
          address: '10.0.0.2',
          maker: 'hikvision',
          firmware: 'V5.5.82build 190910',
          covered: true,
          advisories: ['CVE-2021-36260'],
        },
        { address: '10.0.0.3', maker: 'axis', covered: false },
        { address: '10.0.0.4', covered: false },
      ],
      [
        {
          address: '10.0.0.2',
          maker: 'hikvision',
          firmware: 'V5.5.800build 210628',
          covered: true,
          advisories: [],
        },
        { address: '10.0.0.4', covered: false },
        { address: '10.0.0.9', maker: 'dahua', covered: true },
      ],
    );
    expect(d.appeared.map((h) => h.address)).toEqual(['10.0.0.9']);
    expect(d.disappeared.map((h) => h.address)).toEqual(['10.0.0.3']);
    expect(d.changed).toEqual([
      {
        address: '10.0.0.2',
        changes: [
          { field: 'firmware', before: 'V5.5.82build 190910', after: 'V5.5.800build 210628' },
          { field: 'advisories', before: 'CVE-2021-36260', after: '-' },
        ],
      },
    ]);
    expect(d.unchanged).toBe(1);
    expect(formatDiff(d)).toContain('+ 10.0.0.9  dahua  COVERED');
  });
});
