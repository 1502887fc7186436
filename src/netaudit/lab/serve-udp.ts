// UDP side of an emulated device: unicast discovery answers (SADP, DHIP, WS-Discovery) on the
// device's own loopback address, rate-limited, and only ever sent back to a 127.0.0.0/8 sender.
import { createSocket, type Socket } from 'node:dgram';
import type { DeviceContext, UdpService } from './types.js';

/** Replies per second per socket at most; the rest are dropped, as a busy device would. */
const maxRepliesPerSecond = 200;

/** True for an IPv4 address in 127.0.0.0/8 (the only place the lab sends to). */
export function isLoopbackV4(address: string): boolean {
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(address);
}

/** A UDP socket answering one discovery protocol; bind it with `socket.bind(port, address)`. */
export function createDeviceSocket(service: UdpService, context: () => DeviceContext): Socket {
  const socket = createSocket({ type: 'udp4', reuseAddr: true });
  let windowStart = 0;
  let sent = 0;
  socket.on('error', () => undefined);
  socket.on('message', (payload, rinfo) => {
    if (!isLoopbackV4(rinfo.address)) return;
    const d = context();
    const now = d.now.getTime();
    if (now - windowStart >= 1000) {
      windowStart = now;
      sent = 0;
    }
    if (sent >= maxRepliesPerSecond) return;
    let reply: Uint8Array | undefined;
    try {
      reply = service.respond(payload, d);
    } catch {
      return;
    }
    if (reply === undefined) return;
    sent++;
    socket.send(reply, rinfo.port, rinfo.address, () => undefined);
  });
  return socket;
}
