const url = /\b(?:https?|wss?):\/\/([a-z0-9-]+(?:\.[a-z0-9-]+)+)/gi;
const bareHost = /^(?:[a-z0-9-]+\.)+[a-z]{2,}$/i;

/**
 * Host names a string names: those in http(s)/ws(s) URLs, or the string itself when it is
 * nothing but a host name (SDKs keep their endpoints both ways). Lower-cased.
 */
export function hostsIn(text: string): string[] {
  if (text.length > 2048 || !text.includes('.')) return [];
  const out: string[] = [];
  if (text.includes('://')) {
    for (const m of text.matchAll(url)) if (m[1] !== undefined) out.push(m[1].toLowerCase());
  } else if (bareHost.test(text)) out.push(text.toLowerCase());
  return out;
}
