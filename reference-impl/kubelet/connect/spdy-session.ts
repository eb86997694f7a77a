import { constants as zlibConstants, inflateSync } from 'node:zlib';
import type { Duplex } from 'node:stream';
import { SPDY_HEADER_DICTIONARY } from './spdy-dictionary.ts';

/**
 * The server half of a SPDY/3.1 session, just enough for kubectl's exec and port-forward
 * (k8s.io/apimachinery httpstream/spdy): the client opens streams with SYN_STREAM, the server
 * acknowledges each with SYN_REPLY, both sides send DATA frames and FIN. PING is echoed;
 * SETTINGS and WINDOW_UPDATE are read and ignored (flow-control windows are never exhausted by
 * the short outputs of emulated containers).
 *
 * Header blocks form one zlib stream per direction. Incoming blocks are inflated by re-inflating
 * everything received so far (sessions carry a handful of SYN_STREAMs). Outgoing blocks are
 * written as zlib "stored" (uncompressed) deflate blocks, which any zlib reader accepts without
 * needing a compressor that keeps state between frames.
 */
const CONTROL_BIT = 0x80;
const VERSION = 3;
const SYN_STREAM = 1;
const SYN_REPLY = 2;
const RST_STREAM = 3;
const PING = 6;
const GOAWAY = 7;
const FLAG_FIN = 0x01;

export interface SpdyHandlers {
  /** A new client stream with its (lower-cased) headers; replied to before this is called. */
  onStream(streamId: number, headers: Record<string, string>): void;
  onData(streamId: number, data: Buffer): void;
  /** The client half-closed the stream (FIN) or reset it. */
  onStreamEnd(streamId: number): void;
  onClose(): void;
}

export function encodeHeaderBlock(headers: Record<string, string>): Buffer {
  const parts: Buffer[] = [];
  const count = Buffer.alloc(4);
  const entries = Object.entries(headers);
  count.writeUInt32BE(entries.length);
  parts.push(count);
  for (const [name, value] of entries) {
    for (const text of [name.toLowerCase(), value]) {
      const bytes = Buffer.from(text, 'utf8');
      const length = Buffer.alloc(4);
      length.writeUInt32BE(bytes.length);
      parts.push(length, bytes);
    }
  }
  return Buffer.concat(parts);
}

export function decodeHeaderBlock(block: Buffer): Record<string, string> {
  const headers: Record<string, string> = {};
  let offset = 0;
  const pairs = block.readUInt32BE(offset);
  offset += 4;
  for (let i = 0; i < pairs; i++) {
    const nameLength = block.readUInt32BE(offset);
    const name = block.subarray(offset + 4, offset + 4 + nameLength).toString('utf8');
    offset += 4 + nameLength;
    const valueLength = block.readUInt32BE(offset);
    const value = block.subarray(offset + 4, offset + 4 + valueLength).toString('utf8');
    offset += 4 + valueLength;
    headers[name.toLowerCase()] = value.split('\0')[0]!;
  }
  return headers;
}

/** A zlib stream of stored blocks: the 2-byte zlib header once, then per call a stored block and a sync-flush marker. */
export class StoredZlibWriter {
  private started = false;

  block(data: Buffer): Buffer {
    const parts: Buffer[] = [];
    if (!this.started) {
      parts.push(Buffer.from([0x78, 0x01]));
      this.started = true;
    }
    for (let offset = 0; offset < data.length || (offset === 0 && data.length === 0); offset += 0xffff) {
      const chunk = data.subarray(offset, offset + 0xffff);
      const header = Buffer.alloc(5);
      header[0] = 0x00;
      header.writeUInt16LE(chunk.length, 1);
      header.writeUInt16LE(~chunk.length & 0xffff, 3);
      parts.push(header, chunk);
      if (data.length === 0) break;
    }
    // What a sync flush ends with: an empty stored block. Go's inflater only hands out a block's
    // bytes once it has read the next block header, so without it the reader runs into the end
    // of the frame.
    parts.push(Buffer.from([0x00, 0x00, 0x00, 0xff, 0xff]));
    return Buffer.concat(parts);
  }
}

export class SpdySession {
  private buffer = Buffer.alloc(0);
  private compressedIn = Buffer.alloc(0);
  private inflatedLength = 0;
  private readonly out = new StoredZlibWriter();
  private closed = false;

  constructor(
    private readonly socket: Duplex,
    private readonly handlers: SpdyHandlers,
  ) {
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('close', () => this.finish());
    socket.on('end', () => this.finish());
    socket.on('error', () => this.finish());
  }

  /** Sends data on a stream (optionally with FIN). */
  send(streamId: number, data: Buffer, fin = false): void {
    for (let offset = 0; offset < data.length || (fin && offset === 0); offset += 0xffffff) {
      const chunk = data.subarray(offset, offset + 0xffffff);
      const last = offset + 0xffffff >= data.length;
      const header = Buffer.alloc(8);
      header.writeUInt32BE(streamId & 0x7fffffff, 0);
      header.writeUInt32BE((((fin && last ? FLAG_FIN : 0) << 24) | chunk.length) >>> 0, 4);
      this.write(Buffer.concat([header, chunk]));
      if (data.length === 0) break;
    }
  }

  /** GOAWAY, then closes the connection once written. */
  close(): void {
    if (this.closed) return;
    const body = Buffer.alloc(8);
    this.write(Buffer.concat([controlHeader(GOAWAY, 0, body.length), body]));
    this.socket.end();
    this.finish();
  }

  private write(frame: Buffer): void {
    if (!this.closed && this.socket.writable) this.socket.write(frame);
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    this.handlers.onClose();
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    while (this.buffer.length >= 8) {
      const length = this.buffer.readUInt32BE(4) & 0xffffff;
      if (this.buffer.length < 8 + length) return;
      const frame = this.buffer.subarray(0, 8 + length);
      this.buffer = this.buffer.subarray(8 + length);
      try {
        this.frame(frame);
      } catch {
        // A frame we cannot parse: the session is unusable, as a Go peer would also conclude.
        this.socket.destroy();
        return;
      }
    }
  }

  private frame(frame: Buffer): void {
    const flags = frame[4]!;
    const payload = frame.subarray(8);
    if ((frame[0]! & CONTROL_BIT) === 0) {
      const streamId = frame.readUInt32BE(0) & 0x7fffffff;
      if (payload.length > 0) this.handlers.onData(streamId, Buffer.from(payload));
      if (flags & FLAG_FIN) this.handlers.onStreamEnd(streamId);
      return;
    }
    const type = frame.readUInt16BE(2);
    if (type === SYN_STREAM) {
      const streamId = payload.readUInt32BE(0) & 0x7fffffff;
      const headers = decodeHeaderBlock(this.inflate(payload.subarray(10)));
      this.reply(streamId);
      this.handlers.onStream(streamId, headers);
      if (flags & FLAG_FIN) this.handlers.onStreamEnd(streamId);
    } else if (type === RST_STREAM) {
      this.handlers.onStreamEnd(payload.readUInt32BE(0) & 0x7fffffff);
    } else if (type === PING) {
      this.write(frame);
    } else if (type === GOAWAY) {
      this.socket.end();
    }
  }

  private inflate(block: Buffer): Buffer {
    this.compressedIn = Buffer.concat([this.compressedIn, block]);
    const all = inflateSync(this.compressedIn, { dictionary: SPDY_HEADER_DICTIONARY, finishFlush: zlibConstants.Z_SYNC_FLUSH });
    const fresh = all.subarray(this.inflatedLength);
    this.inflatedLength = all.length;
    return fresh;
  }

  private reply(streamId: number): void {
    const block = this.out.block(encodeHeaderBlock({}));
    const id = Buffer.alloc(4);
    id.writeUInt32BE(streamId & 0x7fffffff);
    this.write(Buffer.concat([controlHeader(SYN_REPLY, 0, 4 + block.length), id, block]));
  }
}

function controlHeader(type: number, flags: number, length: number): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt16BE(0x8000 | VERSION, 0);
  header.writeUInt16BE(type, 2);
  header.writeUInt32BE(((flags << 24) | length) >>> 0, 4);
  return header;
}
