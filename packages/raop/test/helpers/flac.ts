/**
 * A minimal FLAC writer for tests: STREAMINFO plus frames of VERBATIM subframes (16-bit stereo,
 * 44.1 kHz), with the header CRC-8 and frame CRC-16 of the FLAC format. Lossless by construction,
 * so a decoder must give back exactly these samples.
 */
function crc8(bytes: Uint8Array): number {
  let crc = 0;
  for (const b of bytes) {
    crc ^= b;
    for (let i = 0; i < 8; i++) crc = crc & 0x80 ? ((crc << 1) ^ 0x07) & 0xff : (crc << 1) & 0xff;
  }
  return crc;
}

function crc16(bytes: Uint8Array): number {
  let crc = 0;
  for (const b of bytes) {
    crc ^= b << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x8005) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

function utf8Number(n: number): number[] {
  if (n < 0x80) return [n];
  if (n < 0x800) return [0xc0 | (n >> 6), 0x80 | (n & 0x3f)];
  return [0xe0 | (n >> 12), 0x80 | ((n >> 6) & 0x3f), 0x80 | (n & 0x3f)];
}

/** `samples` = interleaved stereo int16. */
export function makeFlac(samples: Int16Array, blockSize = 4096): Uint8Array {
  const frames = samples.length / 2;
  const parts: number[] = [...Buffer.from("fLaC"), 0x80, 0, 0, 34];
  const info = Buffer.alloc(34);
  info.writeUInt16BE(blockSize, 0);
  info.writeUInt16BE(blockSize, 2);
  // sample rate (20 bits) | channels-1 (3) | bps-1 (5) | total samples (36)
  const packed = (44100n << 44n) | (1n << 41n) | (15n << 36n) | BigInt(frames);
  info.writeBigUInt64BE(packed, 10);
  parts.push(...info);
  for (let start = 0, index = 0; start < frames; start += blockSize, index++) {
    const n = Math.min(blockSize, frames - start);
    const header = [0xff, 0xf8, 0x79, 0x18, ...utf8Number(index), (n - 1) >> 8, (n - 1) & 0xff];
    header.push(crc8(Uint8Array.from(header)));
    const body: number[] = [...header];
    for (let c = 0; c < 2; c++) {
      body.push(0x02); // VERBATIM subframe, no wasted bits
      for (let i = 0; i < n; i++) {
        const s = (samples[2 * (start + i) + c] ?? 0) & 0xffff;
        body.push(s >> 8, s & 0xff);
      }
    }
    const crc = crc16(Uint8Array.from(body));
    body.push(crc >> 8, crc & 0xff);
    parts.push(...body);
  }
  return Uint8Array.from(parts);
}
