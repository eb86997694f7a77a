/**
 * Protocol-buffers wire format reader: just enough to walk the messages client-go sends with
 * Content-Type application/vnd.kubernetes.protobuf. Malformed input throws WireError.
 */
export class WireError extends Error {}

export interface WireField {
  number: number;
  /** 0 varint, 1 fixed64, 2 length-delimited, 5 fixed32. */
  wireType: number;
  /** varint values (as bigint, to keep int64 exact); fixed values too. */
  int?: bigint;
  bytes?: Uint8Array;
}

export function readFields(buffer: Uint8Array): WireField[] {
  const fields: WireField[] = [];
  let offset = 0;
  const varint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (let i = 0; i < 10; i++) {
      if (offset >= buffer.length) throw new WireError('truncated varint');
      const byte = buffer[offset++]!;
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7n;
    }
    throw new WireError('varint too long');
  };
  while (offset < buffer.length) {
    const key = varint();
    const number = Number(key >> 3n);
    const wireType = Number(key & 7n);
    if (number === 0) throw new WireError('field number 0');
    switch (wireType) {
      case 0:
        fields.push({ number, wireType, int: varint() });
        break;
      case 1: {
        if (offset + 8 > buffer.length) throw new WireError('truncated fixed64');
        const view = new DataView(buffer.buffer, buffer.byteOffset + offset, 8);
        fields.push({ number, wireType, int: view.getBigUint64(0, true) });
        offset += 8;
        break;
      }
      case 2: {
        const length = Number(varint());
        if (length < 0 || offset + length > buffer.length) throw new WireError('truncated length-delimited field');
        fields.push({ number, wireType, bytes: buffer.subarray(offset, offset + length) });
        offset += length;
        break;
      }
      case 5: {
        if (offset + 4 > buffer.length) throw new WireError('truncated fixed32');
        const view = new DataView(buffer.buffer, buffer.byteOffset + offset, 4);
        fields.push({ number, wireType, int: BigInt(view.getUint32(0, true)) });
        offset += 4;
        break;
      }
      default:
        throw new WireError(`unsupported wire type ${wireType}`);
    }
  }
  return fields;
}

/** Two's-complement int64/int32 from a varint. */
export function toSigned(value: bigint): number {
  return Number(BigInt.asIntN(64, value));
}

export function toText(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('utf8');
}
