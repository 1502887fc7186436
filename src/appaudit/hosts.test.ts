import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asciiHostsIn, hostsIn } from './hosts.js';

const bytesHosts = (text: string): string[] => {
  const out: string[] = [];
  asciiHostsIn(new TextEncoder().encode(text), 0, text.length, out);
  return out;
};

describe('hosts named in strings', () => {
  it.each([
    ['https://alog.umeng.com/app_logs', ['alog.umeng.com']],
    [
      'see HTTP://API.Bugly.QQ.com and wss://push.example.org:443/x',
      ['api.bugly.qq.com', 'push.example.org'],
    ],
    ['xhttps://a.example.com', []],
    ['ftp://a.example.com', []],
    ['https://a..b', []],
    ['https://a.b./x', ['a.b']],
    ['api.jpush.cn', ['api.jpush.cn']],
    ['java.lang.String', ['java.lang.string']],
    ['a.b1', []],
    ['localhost', []],
  ])('%s names %j', (text, hosts) => {
    expect(hostsIn(text)).toEqual(hosts);
    expect(bytesHosts(text)).toEqual(hosts);
  });

  it('reading the bytes finds what reading the text finds, on any ASCII string', () => {
    const part = fc.constantFrom(
      'http',
      'https',
      'ws',
      'wss',
      'HTTPS',
      'ftp',
      '://',
      '.',
      '..',
      '/',
      ':',
      '-',
      '_',
      'x',
      'a',
      'Z',
      '9',
      'com',
      'cn',
      ' ',
      'umeng',
      '?q=1',
      '\t',
    );
    const ascii = fc.oneof(
      fc.array(part, { maxLength: 14 }).map((p) => p.join('')),
      fc.string({
        unit: fc.integer({ min: 1, max: 127 }).map((c) => String.fromCharCode(c)),
        maxLength: 40,
      }),
    );
    fc.assert(
      fc.property(ascii, (text) => {
        expect(bytesHosts(text)).toEqual(hostsIn(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('leaves strings over 2048 characters alone, as the text reader does', () => {
    const long = `https://a.example.com/${'x'.repeat(2100)}`;
    expect(bytesHosts(long)).toEqual(hostsIn(long));
    expect(bytesHosts(long)).toEqual([]);
  });
});
