/**
 * Hostile input for every receiver-facing decoder: UDP packets, SDP, Transport, DMAP metadata and
 * ALAC frames either decode or throw an @atv/core error, never anything else. ~110k cases.
 */
import { isAtvError } from "@atv/core";
import fc from "fast-check";
import { describe, it } from "vitest";
import { decryptAudioPayload } from "../../src/airplay2.js";
import {
  decodeAlacEscape,
  decodeAudioPacket,
  decodeRetransmitReply,
  decodeRetransmitRequest,
  decodeSyncPacket,
  decodeTimingPacket,
  decodeTrackMetadata,
  openAudio,
  packetType,
  parseSdp,
  parseTransport,
} from "../../src/index.js";

const KEY = new Uint8Array(32).fill(9);
const RUNS = Number(process.env["ATV_FUZZ_RUNS"] ?? 100_000);
const share = (f: number): number => Math.max(100, Math.round(RUNS * f));

function atvOnly(run: () => unknown): void {
  try {
    run();
  } catch (error) {
    if (!isAtvError(error)) throw error;
  }
}

/** Bytes that look like RAOP packets more often than uniform noise would. */
const packet = fc.oneof(
  fc.uint8Array({ maxLength: 64 }),
  fc
    .tuple(
      fc.constantFrom(0x80, 0x90, 0x00),
      fc.constantFrom(0x60, 0xe0, 0xd4, 0xd2, 0xd3, 0xd5, 0xd6),
      fc.uint8Array({ maxLength: 1500 }),
    )
    .map(([a, b, rest]) => Uint8Array.from([a, b, ...rest])),
);

describe("fuzz", () => {
  it("UDP packet decoders", () => {
    fc.assert(
      fc.property(packet, (bytes) => {
        atvOnly(() => packetType(bytes));
        atvOnly(() => decodeAudioPacket(bytes));
        atvOnly(() => decodeSyncPacket(bytes));
        atvOnly(() => decodeTimingPacket(bytes));
        atvOnly(() => decodeRetransmitRequest(bytes));
        atvOnly(() => decodeRetransmitReply(bytes));
        atvOnly(() => decryptAudioPayload(bytes, KEY));
      }),
      { numRuns: share(0.6) },
    );
  });

  it("SDP, Transport and DMAP metadata", () => {
    const sdpText = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc
        .array(
          fc.oneof(
            fc.constant("m=audio 0 RTP/AVP 96"),
            fc.constant("a=rtpmap:96 AppleLossless"),
            fc.constant("a=rtpmap:96 L16/44100/2"),
            fc
              .array(fc.integer({ min: -5, max: 100000 }), { maxLength: 13 })
              .map((n) => `a=fmtp:96 ${n.join(" ")}`),
            fc.string({ maxLength: 40 }),
          ),
          { maxLength: 8 },
        )
        .map((l) => l.join("\r\n")),
    );
    fc.assert(
      fc.property(
        sdpText,
        fc.string({ maxLength: 200 }),
        fc.uint8Array({ maxLength: 200 }),
        (sdp, transport, dmap) => {
          atvOnly(() => parseSdp(sdp));
          atvOnly(() => parseTransport(transport));
          atvOnly(() => decodeTrackMetadata(dmap));
        },
      ),
      { numRuns: share(0.35) },
    );
  });

  it("ALAC escape frames", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1412, maxLength: 1412 }),
        fc.uint8Array({ maxLength: 40 }),
        (frame, short) => {
          atvOnly(() => decodeAlacEscape(frame, 352));
          atvOnly(() => decodeAlacEscape(short, 352));
        },
      ),
      { numRuns: share(0.05) },
    );
  });

  it("WAV headers", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 200 }), async (tail) => {
        const bytes = Uint8Array.from([...Buffer.from("RIFF\0\0\0\0WAVE"), ...tail]);
        try {
          const { pcm } = await openAudio(bytes);
          for await (const chunk of pcm) void chunk;
        } catch (error) {
          if (!isAtvError(error)) throw error;
        }
      }),
      { numRuns: share(0.02) },
    );
  });
});
