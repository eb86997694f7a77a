import { constants, createDeflate, inflateSync } from 'node:zlib';
import { PassThrough } from 'node:stream';
import { expect } from 'chai';
import { SPDY_HEADER_DICTIONARY } from './spdy-dictionary.ts';
import { SpdySession, StoredZlibWriter, decodeHeaderBlock, encodeHeaderBlock } from './spdy-session.ts';

/** A client-side header compressor as Go's framer runs it: one zlib stream, sync-flushed per frame. */
function headerCompressor(): (headers: Record<string, string>) => Promise<Buffer> {
  const deflate = createDeflate({ dictionary: SPDY_HEADER_DICTIONARY });
  return (headers) =>
    new Promise((resolve) => {
      const chunks: Buffer[] = [];
      const collect = (chunk: Buffer): number => chunks.push(chunk);
      deflate.on('data', collect);
      deflate.write(encodeHeaderBlock(headers));
      deflate.flush(constants.Z_SYNC_FLUSH, () => {
        deflate.off('data', collect);
        resolve(Buffer.concat(chunks));
      });
    });
}

function synStream(streamId: number, block: Buffer): Buffer {
  const frame = Buffer.alloc(18);
  frame.writeUInt16BE(0x8003, 0);
  frame.writeUInt16BE(1, 2);
  frame.writeUInt32BE(10 + block.length, 4);
  frame.writeUInt32BE(streamId, 8);
  return Buffer.concat([frame, block]);
}

function dataFrame(streamId: number, data: string, fin: boolean): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(streamId, 0);
  header.writeUInt32BE(((fin ? 1 : 0) << 24) | Buffer.byteLength(data), 4);
  return Buffer.concat([header, Buffer.from(data)]);
}

describe('SPDY/3.1 session (server side)', () => {
  it('reads compressed SYN_STREAM headers across frames, replies, and relays data', async () => {
    const wire = new PassThrough();
    const written: Buffer[] = [];
    const socket = Object.assign(wire, { write: (chunk: Buffer) => written.push(chunk) > 0, end: () => wire }) as unknown as PassThrough;
    const events: string[] = [];
    const session = new SpdySession(socket, {
      onStream: (id, headers) => events.push(`stream ${id} ${headers['streamtype']}`),
      onData: (id, data) => events.push(`data ${id} ${data.toString()}`),
      onStreamEnd: (id) => events.push(`end ${id}`),
      onClose: () => events.push('closed'),
    });
    const compress = headerCompressor();
    wire.emit('data', synStream(1, await compress({ streamtype: 'error' })));
    wire.emit('data', synStream(3, await compress({ streamtype: 'stdin' })));
    wire.emit('data', dataFrame(3, 'hello', true));
    expect(events).to.deep.equal(['stream 1 error', 'stream 3 stdin', 'data 3 hello', 'end 3']);

    // Two SYN_REPLYs went out; their header blocks form one valid zlib stream.
    const replies = written.filter((frame) => frame.readUInt16BE(2) === 2);
    expect(replies.map((frame) => frame.readUInt32BE(8))).to.deep.equal([1, 3]);
    const stream = Buffer.concat(replies.map((frame) => frame.subarray(12)));
    expect(inflateSync(stream, { dictionary: SPDY_HEADER_DICTIONARY, finishFlush: constants.Z_SYNC_FLUSH }).length).to.equal(8);

    session.send(3, Buffer.from('out'), true);
    const last = written[written.length - 1]!;
    expect(last.readUInt32BE(0)).to.equal(3);
    expect(last[4]).to.equal(1);
    expect(last.subarray(8).toString()).to.equal('out');
  });

  it('encodes stored blocks that end like a sync flush', () => {
    const writer = new StoredZlibWriter();
    const first = writer.block(encodeHeaderBlock({ a: 'b' }));
    expect(first.subarray(0, 2)).to.deep.equal(Buffer.from([0x78, 0x01]));
    expect(first.subarray(-5)).to.deep.equal(Buffer.from([0, 0, 0, 0xff, 0xff]));
    const second = writer.block(encodeHeaderBlock({}));
    const all = inflateSync(Buffer.concat([first, second]), { finishFlush: constants.Z_SYNC_FLUSH });
    expect(decodeHeaderBlock(all)).to.deep.equal({ a: 'b' });
  });
});
