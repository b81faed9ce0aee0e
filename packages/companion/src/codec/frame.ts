/**
 * Companion framing (companion.md §2): `type u8 ‖ length u24 big-endian ‖ payload`.
 * FrameDecoder is incremental: any TCP chunking, the size limit checked from the header
 * before any payload is buffered.
 */
import { FrameTooLargeError, MalformedFrameError } from "./errors.js";

export const FrameType = {
  Unknown: 0x00,
  NoOp: 0x01,
  PS_Start: 0x03,
  PS_Next: 0x04,
  PV_Start: 0x05,
  PV_Next: 0x06,
  U_OPACK: 0x07,
  E_OPACK: 0x08,
  P_OPACK: 0x09,
  PA_Req: 0x0a,
  PA_Rsp: 0x0b,
  SessionStartRequest: 0x10,
  SessionStartResponse: 0x11,
  SessionData: 0x12,
  FamilyIdentityRequest: 0x20,
  FamilyIdentityResponse: 0x21,
  FamilyIdentityUpdate: 0x22,
} as const;
export type FrameType = (typeof FrameType)[keyof typeof FrameType];

const NAMES = new Map<number, string>(Object.entries(FrameType).map(([name, value]) => [value, name]));

export function frameTypeName(type: number): string {
  return NAMES.get(type) ?? `0x${type.toString(16).padStart(2, "0")}`;
}

/** Frame types whose payload is one OPACK dictionary (0x03–0x09). */
export function carriesOpack(type: number): boolean {
  return type >= FrameType.PS_Start && type <= FrameType.P_OPACK;
}

export const FRAME_HEADER_BYTES = 4;
/** Largest length the 24-bit header can express. */
export const MAX_FRAME_PAYLOAD = 0xffffff;
/** Default limit for one frame's payload. */
export const DEFAULT_MAX_FRAME_BYTES = 1024 * 1024;

export interface Frame {
  readonly type: number;
  readonly payload: Uint8Array;
  /** The 4 header bytes as received (the AAD of an encrypted frame). */
  readonly header: Uint8Array;
}

/** The 4-byte header for a payload of `length` bytes. */
export function encodeFrameHeader(type: number, length: number): Uint8Array {
  if (!Number.isInteger(type) || type < 0 || type > 0xff) throw new RangeError(`bad frame type ${type}`);
  if (!Number.isInteger(length) || length < 0 || length > MAX_FRAME_PAYLOAD) {
    throw new RangeError(`frame payload of ${length} bytes does not fit 24 bits`);
  }
  return Uint8Array.of(type, (length >>> 16) & 0xff, (length >>> 8) & 0xff, length & 0xff);
}

/** One whole frame: header ‖ payload. */
export function encodeFrame(type: number, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(FRAME_HEADER_BYTES + payload.length);
  out.set(encodeFrameHeader(type, payload.length));
  out.set(payload, FRAME_HEADER_BYTES);
  return out;
}

export interface FrameDecoderOptions {
  /** Largest accepted payload; checked as soon as a header is complete. Default 1 MiB. */
  maxFrameBytes?: number;
}

export class FrameDecoder {
  readonly maxFrameBytes: number;
  #chunks: Uint8Array[] = [];
  #buffered = 0;
  #header: Uint8Array | undefined;
  #failed: Error | undefined;

  constructor(options: FrameDecoderOptions = {}) {
    const max = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
    if (!Number.isInteger(max) || max < 0 || max > MAX_FRAME_PAYLOAD) {
      throw new RangeError(`maxFrameBytes must be an integer in 0..${MAX_FRAME_PAYLOAD}, got ${max}`);
    }
    this.maxFrameBytes = max;
  }

  get bufferedBytes(): number {
    return this.#buffered;
  }

  /** Adds bytes; returns the frames they complete. After an error every call throws it again. */
  push(chunk: Uint8Array): Frame[] {
    if (this.#failed) throw this.#failed;
    if (chunk.length > 0) {
      this.#chunks.push(chunk);
      this.#buffered += chunk.length;
    }
    const frames: Frame[] = [];
    for (;;) {
      if (!this.#header) {
        if (this.#buffered < FRAME_HEADER_BYTES) break;
        const header = this.#take(FRAME_HEADER_BYTES);
        const length = ((header[1] as number) << 16) | ((header[2] as number) << 8) | (header[3] as number);
        if (length > this.maxFrameBytes) {
          this.#failed = new FrameTooLargeError(length, this.maxFrameBytes);
          this.#chunks = [];
          this.#buffered = 0;
          throw this.#failed;
        }
        this.#header = header;
      }
      const header = this.#header;
      const length = ((header[1] as number) << 16) | ((header[2] as number) << 8) | (header[3] as number);
      if (this.#buffered < length) break;
      frames.push({ type: header[0] as number, payload: this.#take(length), header });
      this.#header = undefined;
    }
    return frames;
  }

  /** End of stream: MalformedFrameError if a frame was cut off. */
  end(): void {
    if (this.#failed) throw this.#failed;
    if (this.#header || this.#buffered > 0) {
      this.#failed = new MalformedFrameError(
        this.#header
          ? `Companion stream ended inside a frame (${this.#buffered} bytes of its payload)`
          : `Companion stream ended inside a frame header (${this.#buffered} bytes)`,
      );
      throw this.#failed;
    }
  }

  #take(n: number): Uint8Array {
    const out = new Uint8Array(n);
    let filled = 0;
    while (filled < n) {
      const head = this.#chunks[0] as Uint8Array;
      const want = n - filled;
      if (head.length <= want) {
        out.set(head, filled);
        filled += head.length;
        this.#chunks.shift();
      } else {
        out.set(head.subarray(0, want), filled);
        this.#chunks[0] = head.subarray(want);
        filled = n;
      }
    }
    this.#buffered -= n;
    return out;
  }
}
