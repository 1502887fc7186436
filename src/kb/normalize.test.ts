import { describe, expect, it } from 'vitest';
import {
  looksLikeBrokenMac,
  normalizeName,
  parseDomain,
  parseMac,
  parseMacPrefix,
  stripHeaderName,
} from './normalize.js';

describe('parseMac', () => {
  it.each([
    ['44:19:B6:12:34:56', '4419B6123456'],
    ['44-19-b6-12-34-56', '4419B6123456'],
    ['4419.b612.3456', '4419B6123456'],
    ['4419b6123456', '4419B6123456'],
    ['4:19:b6:1:34:56', '0419B6013456'],
    ['  44:19:B6:12:34:56 ', '4419B6123456'],
  ])('%s -> %s', (input, hex) => expect(parseMac(input)).toBe(hex));

  it.each(['44:19:B6:12:34', '44:19:B6-12:34:56', '44:19:ZZ:12:34:56', 'Hikvision', '4419b612345'])(
    'rejects %s',
    (input) => expect(parseMac(input)).toBeUndefined(),
  );
});

describe('parseMacPrefix', () => {
  it.each([
    ['44:19:B6', '4419B6'],
    ['4419b6', '4419B6'],
    ['44-19-B6', '4419B6'],
    ['44:19:B6:1', '4419B61'],
  ])('%s -> %s', (input, hex) => expect(parseMacPrefix(input)).toBe(hex));
});

describe('looksLikeBrokenMac', () => {
  it.each(['44:19:B6:12:34', '44:19:ZZ:12:34:56', '44:19:B6:12:34:56:78:9A', '4-19-b6-1'])(
    'flags %s',
    (v) => expect(looksLikeBrokenMac(v)).toBe(true),
  );
  it.each([
    '44:19:B6:12:34:56',
    'DS-2CD2143G0-I',
    'IPC-HFW2228M-I1-V2',
    '2022-11-24',
    'App-webs/',
    'a-b-c-d',
  ])('leaves %s', (v) => expect(looksLikeBrokenMac(v)).toBe(false));
});

describe('parseDomain', () => {
  it.each([
    ['dev.hik-connect.com', 'dev.hik-connect.com'],
    ['WWW.EASY4IPCLOUD.COM.', 'www.easy4ipcloud.com'],
  ])('%s -> %s', (input, d) => expect(parseDomain(input)).toBe(d));
  it.each(['App-webs/', 'Hikvision', 'Dahua Rtsp Server', '1.2.3.4', 'a..b.com'])(
    'rejects %s',
    (v) => expect(parseDomain(v)).toBeUndefined(),
  );
});

describe('normalizeName', () => {
  it.each([
    ['Hangzhou Hikvision Digital Technology Co., Ltd.', 'hangzhou hikvision'],
    ['Axis Communications AB', 'axis communications'],
    ['LOREX', 'lorex'],
    ['Zhejiang Dahua Technology Co.,Ltd.', 'zhejiang dahua'],
  ])('%s -> %s', (input, out) => expect(normalizeName(input)).toBe(out));
});

describe('stripHeaderName', () => {
  it('strips a header name', () => expect(stripHeaderName('Server: App-webs/')).toBe('App-webs/'));
  it('leaves other values', () => expect(stripHeaderName('App-webs/')).toBe('App-webs/'));
});
