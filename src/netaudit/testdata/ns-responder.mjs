// Responders for the multicast test, run inside a network namespace the test creates: a
// Hikvision-like SADP device that joins 239.255.255.250 and multicasts its ProbeMatch, as firmware
// does, and a Dahua-like DVRIP device that hears the 5050 broadcast and answers the sender.
import { createSocket } from 'node:dgram';

const address = process.argv[2];
const dahuaAddress = process.argv[3];
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

// DVRIP reply: 32-byte header (0xb3, body length 0x58), 88-byte body, MAC, text (see parse/dvrip.ts).
const dvripText = 'Device:IPC-HDW5431R-ZE\r\nSerialNo:6G0123456PAG7A8\r\n';
const dvripMac = '3c:ef:8c:00:00:02';
const dvrip = Buffer.alloc(32 + 88 + dvripMac.length + dvripText.length);
dvrip[0] = 0xb3;
dvrip.writeUInt16LE(dvripMac.length, 2);
dvrip.writeUInt32LE(0x58, 4);
dvrip.writeUInt32LE(2, 16);
dvrip.writeUInt16LE(dvripText.length, 20);
dvrip.write('IPC', 32 + 8, 'latin1');
Buffer.from(dahuaAddress.split('.').map(Number)).copy(dvrip, 32 + 24);
dvrip.writeUInt16LE(80, 32 + 62);
dvrip.writeUInt16LE(37777, 32 + 66);
dvrip.write(dvripMac + dvripText, 32 + 88, 'latin1');
// A socket bound to one address does not hear broadcasts: listen on any, answer from the Dahua's own.
const broadcastListener = createSocket({ type: 'udp4', reuseAddr: true });
const dahuaSender = createSocket('udp4');
dahuaSender.bind(0, dahuaAddress);
broadcastListener.bind(5050, '0.0.0.0');
broadcastListener.on('message', (msg, rinfo) => {
  if (msg[0] === 0xa3 && msg[1] === 0x01) dahuaSender.send(dvrip, rinfo.port, rinfo.address);
});

setTimeout(() => process.exit(0), 30_000);
