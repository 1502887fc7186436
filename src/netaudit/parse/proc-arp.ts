/**
 * Parses Linux's /proc/net/arp (`IP address  HW type  Flags  HW address  Mask  Device`) into
 * address -> MAC, skipping incomplete entries (flags 0x0) and the all-zero MAC.
 */
export function parseProcArp(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n').slice(1, 100_001)) {
    const [ip, , flags, mac] = line.trim().split(/\s+/);
    if (ip === undefined || mac === undefined || flags === '0x0') continue;
    if (
      !/^\d+\.\d+\.\d+\.\d+$/.test(ip) ||
      !/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/i.test(mac) ||
      mac === '00:00:00:00:00:00'
    )
      continue;
    out.set(ip, mac.toLowerCase());
  }
  return out;
}
