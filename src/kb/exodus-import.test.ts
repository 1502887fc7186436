import { describe, expect, it } from 'vitest';
import { importExodusTrackers, mergeSdks } from './exodus-import.js';

// Shapes from the Exodus API export and the ETIP export (values from the 2024-09 list).
const api = {
  trackers: {
    '363': {
      id: 363,
      name: 'Pangle',
      code_signature: 'com.bytedance|com.pgl|com.pangle.global',
      network_signature: '',
      website: 'https://www.pangleglobal.com',
      creation_date: '2021-02-28',
      description: 'markdown',
      categories: ['Advertisement'],
      documentation: [],
    },
    '190': {
      id: 190,
      name: 'Bugly',
      code_signature: 'com.tencent.bugly.',
      network_signature: 'bugly\\.qq\\.com',
      categories: [],
    },
    '343': {
      id: 343,
      name: 'JiGuang Aurora Mobile JPush',
      code_signature: 'cn.jpush.android',
      network_signature: '.*\\.jiguang\\.cn',
      categories: ['Analytics'],
    },
    '500': { id: 500, name: 'Tealium', code_signature: '.tealium.', network_signature: '' },
  },
};

describe('Exodus tracker import', () => {
  it('turns signatures into package-boundary and host rules', () => {
    const { sdks, problems } = importExodusTrackers(api, 'trackers.json');
    expect(
      sdks.map((s) => [
        s.id,
        s.exodusId,
        s.categories,
        s.rules.map((r) => `${r.kind} ${r.pattern}`),
      ]),
    ).toEqual([
      ['exodus-190', 190, ['analytics'], ['package com.tencent.bugly', 'domain bugly.qq.com']],
      ['exodus-343', 343, ['analytics'], ['package cn.jpush.android', 'domain jiguang.cn']],
      [
        'exodus-363',
        363,
        ['ads'],
        ['package com.bytedance', 'package com.pgl', 'package com.pangle.global'],
      ],
    ]);
    expect(problems.map((p) => `${p.record}: ${p.message}`)).toEqual([
      'Tealium: code signature ".tealium." is not a package prefix; left out',
      'Tealium: no usable signature; tracker left out',
    ]);
    expect(sdks[0]?.note).toContain('ODbL');
  });

  it('reads the ETIP export (a list, uuid ids, `category`)', () => {
    const etip = {
      trackers: [
        {
          id: '7f3c0d2e-uuid',
          name: 'Igexin',
          code_signature: 'com.igexin.sdk.',
          network_signature: '',
          category: ['Analytics'],
          is_in_exodus: false,
        },
      ],
    };
    const { sdks } = importExodusTrackers(etip, 'etip.json');
    expect(sdks[0]).toMatchObject({ id: 'exodus-7f3c0d2e-uuid', sources: ['sdk-etip'] });
    expect(sdks[0]?.exodusId).toBeUndefined();
  });

  it('names a file that is not a tracker list, and a bad record', () => {
    expect(importExodusTrackers([1, 2], 'x.json').problems[0]?.message).toBe(
      'expected {"trackers": …}',
    );
    const { problems } = importExodusTrackers({ trackers: [{ id: 1 }] }, 'x.json');
    expect(problems[0]?.record).toBe('#1');
    expect(problems[0]?.message).toContain('name');
  });

  it('keeps the kb rule where both have one', () => {
    const { sdks } = importExodusTrackers(api, 'trackers.json');
    const kb = sdks
      .filter((s) => s.id === 'exodus-190')
      .map((s) => ({ ...s, id: 'tencent-bugly' }));
    const merged = mergeSdks(kb, sdks);
    expect(merged.map((s) => s.id)).toEqual(['tencent-bugly', 'exodus-343', 'exodus-363']);
  });
});
