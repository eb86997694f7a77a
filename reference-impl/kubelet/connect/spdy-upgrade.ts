import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * The HTTP/1.1 → SPDY/3.1 upgrade as kubelets answer it: 101 with the stream protocol chosen
 * from the client's X-Stream-Protocol-Version list (our preference order), or 403 when none fits.
 */
export function offeredProtocols(req: IncomingMessage): string[] {
  const raw = req.headersDistinct['x-stream-protocol-version'] ?? [];
  return raw.flatMap((value) => value.split(',')).map((value) => value.trim()).filter(Boolean);
}

export function acceptSpdy(req: IncomingMessage, socket: Duplex, supported: string[]): string | undefined {
  const offered = offeredProtocols(req);
  const chosen = supported.find((protocol) => offered.includes(protocol)) ?? (offered.length === 0 ? supported[supported.length - 1] : undefined);
  if (!chosen) {
    const body = `unable to upgrade: unable to negotiate protocol: client supports ${offered.join(', ')}, server supports ${supported.join(', ')}`;
    socket.end(`HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
    return undefined;
  }
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: ${chosen}\r\n\r\n`);
  return chosen;
}
