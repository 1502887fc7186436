import { describe, expect, it } from 'vitest';
import { judgeAnswer } from './answer.js';

const saved = JSON.stringify({
  id: 7,
  format: 'sousveil-json',
  hosts: 3,
  covered: 1,
  unverified: 0,
  site: 'north',
  uploadId: 'abcdefgh',
});

describe('what an upload answer means', () => {
  it.each([
    [200, saved, 'sent'],
    [201, '', 'sent'],
    [200, saved.replace('}', ',"duplicate":true}'), 'sent'],
    [401, '{"error":"unknown or revoked agent token"}', 'stop'],
    [403, '', 'stop'],
    [404, '', 'stop'],
    [302, '', 'stop'],
    [422, '{"error":"host 10.9.9.9 is outside the site\'s ranges"}', 'rejected'],
    [400, '{"error":"bad JSON"}', 'rejected'],
    [413, '', 'rejected'],
    [429, '', 'retry'],
    [408, '', 'retry'],
    [500, '<html>', 'retry'],
    [503, '{"error":"busy"}', 'retry'],
  ])('HTTP %i %s -> %s', (status, body, kind) => {
    expect(judgeAnswer({ status, body }).kind).toBe(kind);
  });

  it('keeps the server result, duplicate or not', () => {
    const v = judgeAnswer({ status: 200, body: saved.replace('}', ',"duplicate":true}') });
    expect(v).toMatchObject({ kind: 'sent', result: { id: 7, duplicate: true, site: 'north' } });
  });

  it("keeps the server's reason on one line, and its Retry-After", () => {
    expect(judgeAnswer({ status: 422, body: '{"error":"outside\\n  the ranges"}' })).toEqual({
      kind: 'rejected',
      reason: 'HTTP 422: outside the ranges',
    });
    expect(judgeAnswer({ status: 503, body: '', retryAfterS: 2 })).toEqual({
      kind: 'retry',
      reason: 'HTTP 503',
      retryAfterS: 2,
    });
    expect(judgeAnswer({ status: 401, body: '{"error":"revoked"}' })).toMatchObject({
      reason: expect.stringContaining('revoked') as string,
    });
  });
});
