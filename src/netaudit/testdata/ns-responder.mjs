// A Hikvision-like SADP responder for the multicast test: runs inside a network namespace the test
// creates, joins 239.255.255.250 on its own address and multicasts its ProbeMatch, as firmware does.
import { createSocket } from 'node:dgram';

const address = process.argv[2];
const reply = `<?xml version="1.0" encoding="UTF-8"?><ProbeMatch><Uuid>00000000-0000-0000-0000-000000000001</Uuid><Types>inquiry</Types><DeviceType>138153</DeviceType><DeviceDescription>DS-2CD2143G0-I</DeviceDescription><DeviceSN>DS-2CD2143G0-I20200114AAWRD00000001</DeviceSN><CommandPort>8000</CommandPort><HttpPort>80</HttpPort><MAC>44-19-b6-00-00-01</MAC><IPv4Address>${address}</IPv4Address><SoftwareVersion>V5.5.82build 190910</SoftwareVersion></ProbeMatch>`;
const socket = createSocket({ type: 'udp4', reuseAddr: true });
socket.bind(37020, () => {
  socket.addMembership('239.255.255.250', address);
  socket.setMulticastInterface(address);
  socket.setMulticastTTL(1);
  process.stdout.write('ready\n');
});
socket.on('message', (msg) => {
  if (msg.toString().includes('<Types>inquiry</Types>') && !msg.toString().includes('ProbeMatch')) {
    socket.send(reply, 37020, '239.255.255.250');
  }
});
setTimeout(() => process.exit(0), 30_000);
