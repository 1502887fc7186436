import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../shared/errors.js';
import { parseDnsmasqLog, parseZeekDns } from './dns-logs.js';

const zeek = readFileSync(new URL('fixtures/zeek-dns.log', import.meta.url), 'utf8');

describe('parseZeekDns', () => {
  it('counts queries per host from a TSV log', () => {
    expect(parseZeekDns(zeek)).toEqual({
      hosts: [
        {
          address: '192.0.2.64',
          observations: [
            { kind: 'dns-query', source: 'zeek-dns', name: 'dev.hik-connect.com', count: 2 },
            { kind: 'dns-query', source: 'zeek-dns', name: 'pool.ntp.org', count: 1 },
          ],
        },
        {
          address: '192.0.2.108',
          observations: [
            { kind: 'dns-query', source: 'zeek-dns', name: 'www.easy4ipcloud.com', count: 1 },
          ],
        },
      ],
      skipped: [],
    });
  });

  it('reads JSON lines, flat or nested', () => {
    const json = [
      '{"ts":1700000001.0,"uid":"C1","id.orig_h":"192.0.2.64","id.orig_p":41000,"query":"DEV.hik-connect.com"}',
      '{"ts":1700000002.0,"id":{"orig_h":"2001:db8::64"},"query":"dev.hik-connect.com"}',
      '{"ts":1700000003.0,"id.orig_h":"192.0.2.64"}',
      '{"id.orig_h":"192.0.2.64","query":"bad name!"}',
      '{not json',
      '{"id.orig_h":5,"query":"x.com"}',
    ].join('\n');
    const r = parseZeekDns(json);
    expect(r.hosts).toEqual([
      {
        address: '192.0.2.64',
        observations: [
          { kind: 'dns-query', source: 'zeek-dns', name: 'dev.hik-connect.com', count: 1 },
        ],
      },
      {
        address: '2001:db8::64',
        observations: [
          { kind: 'dns-query', source: 'zeek-dns', name: 'dev.hik-connect.com', count: 1 },
        ],
      },
    ]);
    expect(r.skipped).toEqual([
      { position: 'line 4', reason: 'query is not a DNS name' },
      { position: 'line 5', reason: 'not a JSON object' },
      { position: 'line 6', reason: 'no id.orig_h or query string' },
    ]);
  });

  it('refuses a Zeek log of another kind and notes data before the header', () => {
    expect(() => parseZeekDns('#separator \\x09\n#fields\tts\tuid\tid.orig_h\n')).toThrow(
      ParseError,
    );
    expect(parseZeekDns('1\t2\t3').skipped).toEqual([
      { position: 'line 1', reason: 'data before a #fields header' },
    ]);
  });
});

describe('parseDnsmasqLog', () => {
  it('counts query lines and ignores the rest', () => {
    const log = `Nov 14 22:00:01 dnsmasq[123]: query[A] dev.hik-connect.com from 192.0.2.64
Nov 14 22:00:01 dnsmasq[123]: forwarded dev.hik-connect.com to 192.0.2.1
Nov 14 22:00:01 dnsmasq[123]: reply dev.hik-connect.com is 203.0.113.10
Nov 14 22:01:01 dnsmasq[123]: 17 192.0.2.64/41000 query[AAAA] dev.hik-connect.com from 192.0.2.64
Nov 14 22:01:02 dnsmasq[123]: query[A] www.easy4ipcloud.com from 192.0.2.108
Nov 14 22:01:03 dnsmasq[123]: query[A] broken
`;
    expect(parseDnsmasqLog(log)).toEqual({
      hosts: [
        {
          address: '192.0.2.64',
          observations: [
            { kind: 'dns-query', source: 'dnsmasq-log', name: 'dev.hik-connect.com', count: 2 },
          ],
        },
        {
          address: '192.0.2.108',
          observations: [
            { kind: 'dns-query', source: 'dnsmasq-log', name: 'www.easy4ipcloud.com', count: 1 },
          ],
        },
      ],
      skipped: [{ position: 'line 6', reason: 'not a dnsmasq query line' }],
    });
  });
});

describe('DNS log parsers on hostile input', () => {
  it('throw nothing but ParseError and stay fast', () => {
    const logish = fc
      .array(
        fc.constantFrom(
          '#fields\t',
          'id.orig_h',
          'query',
          '\t',
          '\n',
          '{',
          '}',
          '"',
          ':',
          'query[A] ',
          ' from ',
          '192.0.2.1',
          'a.b',
          '\\x',
        ),
        { maxLength: 200 },
      )
      .map((p) => p.join(''));
    fc.assert(
      fc.property(fc.oneof(logish, fc.string({ unit: 'binary', maxLength: 1000 })), (text) => {
        parseDnsmasqLog(text);
        try {
          parseZeekDns(text);
        } catch (e) {
          expect(e).toBeInstanceOf(ParseError);
        }
      }),
      { numRuns: 1000 },
    );
    parseDnsmasqLog('query[A] '.repeat(100_000));
    parseDnsmasqLog(`query[A] x${' '.repeat(200_000)}y`);
    parseZeekDns('['.repeat(200_000));
  });
});
