// What makes a vendor "covered" in a verdict: US federal rules on equipment only. A ban of an
// application on government devices, or an investment ban, is listed but covers no hardware.
import { describe, expect, it } from 'vitest';
import { loadKb } from './fs-loader.js';
import { describeVendor } from './verdict.js';

const { kb } = await loadKb();

describe('covered status', () => {
  it('ByteDance: the TikTok device bans are listed, but its devices are not covered', () => {
    const v = describeVendor(kb, 'bytedance', '2026-11-30');
    expect(v.restrictions.map((r) => r.restriction)).toContain('us-tiktok-federal-devices-2023');
    expect(
      v.restrictions.find((r) => r.restriction === 'us-tiktok-federal-devices-2023')?.hardware,
    ).toBe(false);
    expect(v.covered).toBe(false);
    expect(v.category).not.toBe('named');
  });

  it('SenseTime: named on the investment ban list, which covers none of its equipment', () => {
    const v = describeVendor(kb, 'sensetime', '2026-11-30');
    const cmic = v.restrictions.find((r) => r.restriction === 'us-ns-cmic-list');
    expect(cmic?.status).toBe('named');
    expect(cmic?.hardware).toBe(false);
    expect(v.covered).toBe(false);
  });

  it('Hikvision stays covered by the equipment rules', () => {
    const v = describeVendor(kb, 'hikvision', '2026-11-30');
    expect(v.covered).toBe(true);
    expect(v.restrictions.find((r) => r.restriction === 'us-fcc-covered-list')?.hardware).toBe(
      true,
    );
  });
});
