// Synthetic nmap XML for benchmarks: `hosts` hosts in 10.NET.0.0/16 (only data: nothing is sent
// there), one in ten with a Hikvision MAC block, the others Axis.
export function nmapXml(hosts, salt, net = 0) {
  const parts = [
    '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE nmaprun>\n',
    '<nmaprun scanner="nmap" args="nmap -sn 10.0.0.0/8" version="7.94" xmloutputversion="1.05">\n',
  ];
  for (let i = 1; i <= hosts; i++) {
    const second = net === 0 ? (i >> 16) & 255 : net;
    const ip = `10.${second}.${(i >> 8) & 255}.${(i + salt) & 255}`;
    const oui = i % 10 === 0 ? '44:19:B6' : '00:40:8C';
    parts.push(
      `<host><address addr="${ip}" addrtype="ipv4"/>` +
        `<address addr="${oui}:${hex(i >> 16)}:${hex(i >> 8)}:${hex(i)}" addrtype="mac"/></host>\n`,
    );
  }
  parts.push('</nmaprun>\n');
  return Buffer.from(parts.join(''));
}

function hex(n) {
  return (n & 255).toString(16).padStart(2, '0').toUpperCase();
}
