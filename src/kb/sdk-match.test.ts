import { describe, expect, it } from 'vitest';
import type { Sdk } from './sdk-schema.js';
import { isAtBoundary, patternProblem, ruleMatches, SdkRuleIndex } from './sdk-match.js';

describe('SDK rules', () => {
  it.each([
    ['com.umeng', 'com.umeng.analytics.MobclickAgent', true],
    ['com.umeng', 'com.umeng', true],
    ['com.umeng', 'com.umeng$Inner', true],
    ['com.umeng', 'com.umengx.Foo', false],
    ['com.umeng', 'x.com.umeng.Foo', false],
    ['com.umeng.analytics', 'com.umeng.analyticsx.A', false],
  ])('%s at a package boundary of %s: %s', (pattern, name, expected) => {
    expect(isAtBoundary(pattern, name)).toBe(expected);
  });

  it.each([
    [{ kind: 'meta-data', pattern: 'JPUSH_APPKEY' }, 'JPUSH_APPKEY', true],
    [{ kind: 'meta-data', pattern: 'JPUSH_APPKEY' }, 'JPUSH_APPKEY2', false],
    [{ kind: 'native-lib', pattern: 'libjcore*' }, 'libjcore127.so', true],
    [{ kind: 'native-lib', pattern: 'libBugly.so' }, 'libBugly_Native.so', false],
    [{ kind: 'domain', pattern: 'umeng.com' }, 'alog.UMENG.com', true],
    [{ kind: 'domain', pattern: 'umeng.com' }, 'notumeng.com', false],
  ] as const)('%j on %s: %s', (rule, value, expected) => {
    expect(ruleMatches(rule, value)).toBe(expected);
  });

  it('says what a malformed pattern should look like', () => {
    expect(patternProblem({ kind: 'package', pattern: 'com.umeng.' })).toBe(
      'a dotted Java name without a trailing dot',
    );
    expect(patternProblem({ kind: 'domain', pattern: 'bugly\\.qq\\.com' })).toBe(
      'a lower-case host name',
    );
    expect(patternProblem({ kind: 'native-lib', pattern: 'libjcore*' })).toBeUndefined();
  });

  it('finds every rule of an index that the value matches, as ruleMatches would', () => {
    const sdk = (id: string, rules: Sdk['rules']): Sdk => ({
      id,
      name: id,
      maker: { name: id, country: 'CN' },
      categories: ['ads'],
      rules,
      sources: ['s'],
    });
    const rule = (kind: Sdk['rules'][number]['kind'], pattern: string): Sdk['rules'][number] => ({
      kind,
      pattern,
      examples: ['x'],
      negatives: ['y'],
      confidence: 'high',
    });
    const index = new SdkRuleIndex([
      sdk('pangle', [rule('package', 'com.bytedance.sdk.openadsdk'), rule('domain', 'pangle.io')]),
      sdk('bytedance', [rule('package', 'com.bytedance')]),
      sdk('jpush', [rule('native-lib', 'libjcore*')]),
    ]);
    const ids = (kind: Parameters<SdkRuleIndex['lookup']>[0], v: string): string[] =>
      index.lookup(kind, v).map((r) => r.sdk.id);
    expect(ids('package', 'com.bytedance.sdk.openadsdk.TTAdSdk')).toEqual(['bytedance', 'pangle']);
    expect(ids('package', 'com.bytedancex.A')).toEqual([]);
    expect(ids('domain', 'api16-access-sg.pangle.io')).toEqual(['pangle']);
    expect(ids('domain', 'pangle.io')).toEqual(['pangle']);
    expect(ids('domain', 'xpangle.io')).toEqual([]);
    expect(ids('native-lib', 'libjcore310.so')).toEqual(['jpush']);
  });
});
