// The server an agent reports to (pure): https, or plain http to a loopback server only, since
// the agent's token and its site's findings must not cross a network in clear.
import { UserError } from '../shared/errors.js';

/** True for 127.0.0.0/8, ::1 and localhost: traffic that never leaves the machine. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** Checks `--server URL` and returns it without a trailing slash; throws a UserError saying why. */
export function checkServerUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UserError(`--server ${text.slice(0, 200)}: not a URL`, {
      hint: 'give the server as https://observatory.example',
    });
  }
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '')
    throw new UserError(
      `--server ${url.origin}: give the server's address alone (no user, query or #)`,
    );
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname))
    throw new UserError(
      `--server ${url.origin}: plain http is refused except for a loopback server (127.0.0.0/8, ::1, localhost)`,
      { hint: 'use https:// (with --ca FILE when the server has a self-signed certificate)' },
    );
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new UserError(`--server ${text.slice(0, 200)}: not an https:// URL`);
  return url.href.replace(/\/+$/, '');
}

/** The address of one API path under the server's URL (which may have a path of its own). */
export function apiUrl(server: string, path: string): string {
  return `${server}/api/v1${path}`;
}
