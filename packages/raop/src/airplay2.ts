/**
 * AirPlay 2 pieces of RAOP (raop.md §11): the two plist SETUPs, the event channel and the
 * ChaCha20-Poly1305 audio packet (key `shk`, nonce = 4 zero bytes ‖ LE64(n), AAD = RTP header
 * bytes 4–11, then tag and the 8 nonce bytes appended).
 */
import { createCipheriv, createDecipheriv } from "node:crypto";
import { MalformedPacketError } from "./errors.js";
import { RTP_HEADER_BYTES } from "./packets.js";

export const AUDIO_FORMAT_PCM_44100_16_2 = 0x800;
export const AUDIO_FORMAT_ALAC_44100_16_2 = 0x40000;
const TAG_BYTES = 16;
const NONCE_TAIL = 8;

function nonce(counter: bigint): Buffer {
  const n = Buffer.alloc(12);
  n.writeBigUInt64LE(counter, 4);
  return n;
}

/** header (12) ‖ ciphertext ‖ tag (16) ‖ LE64(counter). */
export function encryptAudioPacket(
  header: Uint8Array,
  payload: Uint8Array,
  key: Uint8Array,
  counter: bigint,
): Uint8Array {
  const cipher = createCipheriv("chacha20-poly1305", key, nonce(counter), { authTagLength: TAG_BYTES });
  cipher.setAAD(header.subarray(4, 12), { plaintextLength: payload.length });
  const body = cipher.update(payload);
  cipher.final();
  const out = new Uint8Array(RTP_HEADER_BYTES + body.length + TAG_BYTES + NONCE_TAIL);
  out.set(header.subarray(0, RTP_HEADER_BYTES));
  out.set(body, RTP_HEADER_BYTES);
  out.set(cipher.getAuthTag(), RTP_HEADER_BYTES + body.length);
  Buffer.from(out.buffer, out.byteOffset, out.byteLength).writeBigUInt64LE(counter, out.length - NONCE_TAIL);
  return out;
}

/** The plaintext payload of an encrypted audio packet; MalformedPacketError when it does not authenticate. */
export function decryptAudioPayload(packet: Uint8Array, key: Uint8Array): Uint8Array {
  if (packet.length < RTP_HEADER_BYTES + TAG_BYTES + NONCE_TAIL)
    throw new MalformedPacketError(`encrypted audio packet of ${packet.length} bytes`);
  const tail = packet.subarray(packet.length - NONCE_TAIL);
  const counter = Buffer.from(tail.buffer, tail.byteOffset, NONCE_TAIL).readBigUInt64LE(0);
  const body = packet.subarray(RTP_HEADER_BYTES, packet.length - NONCE_TAIL - TAG_BYTES);
  const tag = packet.subarray(packet.length - NONCE_TAIL - TAG_BYTES, packet.length - NONCE_TAIL);
  try {
    const decipher = createDecipheriv("chacha20-poly1305", key, nonce(counter), { authTagLength: TAG_BYTES });
    decipher.setAAD(packet.subarray(4, 12), { plaintextLength: body.length });
    decipher.setAuthTag(tag);
    const plain = decipher.update(body);
    decipher.final();
    return new Uint8Array(plain.buffer, plain.byteOffset, plain.byteLength);
  } catch (cause) {
    throw new MalformedPacketError("audio packet does not authenticate", { cause });
  }
}
