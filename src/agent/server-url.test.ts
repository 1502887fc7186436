import { describe, expect, it } from 'vitest';
import { apiUrl, checkServerUrl } from './server-url.js';

describe('--server', () => {
  it.each([
    ['https://observatory.example', 'https://observatory.example'],
    ['https://observatory.example/sousveil/', 'https://observatory.example/sousveil'],
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080'],
    ['http://127.9.9.9:8080/', 'http://127.9.9.9:8080'],
    ['http://[::1]:8080', 'http://[::1]:8080'],
    ['http://localhost:8080', 'http://localhost:8080'],
  ])('accepts %s', (text, url) => {
    expect(checkServerUrl(text)).toBe(url);
  });

  it.each([
    ['http://observatory.example', 'plain http is refused except for a loopback server'],
    ['http://10.0.0.1:8080', 'plain http is refused'],
    ['http://127.0.0.1.example', 'plain http is refused'],
    ['ftp://observatory.example', 'not an https:// URL'],
    ['observatory.example', 'not a URL'],
    ['https://user:pw@observatory.example', 'no user, query or #'],
    ['https://observatory.example/?a=1', 'no user, query or #'],
  ])('refuses %s', (text, why) => {
    expect(() => checkServerUrl(text)).toThrow(why);
  });

  it('puts the API under the server path', () => {
    expect(apiUrl('https://o.example/sv', '/agent/enroll')).toBe(
      'https://o.example/sv/api/v1/agent/enroll',
    );
  });
});
