/** Our encoders against the bytes pyatv 0.18 sent (raop-session.json, captured on loopback). */
import { hex, loadVector, unhex } from "@atv/test-utils";
import { describe, expect, it } from "vitest";
import {
  buildSdp,
  decodeAudioPacket,
  decodeSyncPacket,
  decodeTimingPacket,
  encodeAudioPacket,
  encodeSyncPacket,
  encodeTrackMetadata,
  formatDb,
  openAudio,
  percentToDb,
  timingResponse,
} from "../../src/index.js";
import { makeWav } from "../helpers/wav.js";

interface Exchange {
  dir: string;
  transport: string;
  hex: string;
  meaning: string;
  conn: number;
  decoded?: { start_line?: string; body_hex?: string; body_text?: string; headers?: [string, string][] };
}
interface Vector {
  exchanges: Exchange[];
  byte_order_check: { first_rtp_packet: { hex: string } };
}
const vector = loadVector<Vector>("raop-session.json");
const ex = vector.exchanges;
const find = (pred: (e: Exchange) => boolean): Exchange => {
  const e = ex.find(pred);
  if (!e) throw new Error("exchange not in vector");
  return e;
};

describe("raop-session.json (pyatv 0.18 client)", () => {
  it("ANNOUNCE SDP equals pyatv's body when the L16 fmtp line is asked for", () => {
    const announce = find((e) => e.decoded?.start_line?.startsWith("ANNOUNCE") ?? false);
    const body = Buffer.from(unhex(announce.decoded?.body_hex ?? "")).toString();
    const sessionId = Number(/o=iTunes (\d+)/.exec(body)?.[1]);
    expect(
      buildSdp({
        sessionId,
        localAddress: "127.0.0.1",
        remoteAddress: "127.0.0.1",
        payload: "L16",
        l16Fmtp: true,
      }),
    ).toBe(body);
    // Without the option the fmtp line goes (shairport-sync would take it as ALAC).
    expect(
      buildSdp({ sessionId, localAddress: "127.0.0.1", remoteAddress: "127.0.0.1", payload: "L16" }),
    ).toBe(body.replace(/a=fmtp:[^\r]*\r\n/, ""));
  });

  it("volume and metadata bodies are byte-identical", () => {
    const volume = find((e) => e.decoded?.body_text?.startsWith("volume:") ?? false);
    expect(`volume: ${formatDb(percentToDb(33))}`).toBe(volume.decoded?.body_text);
    const meta = find((e) => e.meaning.includes("metadata (DMAP)"));
    expect(hex(encodeTrackMetadata({ title: "pyatv", album: "raop", artist: "postlund" }))).toBe(
      meta.decoded?.body_hex,
    );
  });

  it("sync packets round-trip and re-encode identically", () => {
    for (const e of ex.filter((x) => x.meaning.startsWith("RTP sync packet"))) {
      const bytes = unhex(e.hex);
      expect(hex(encodeSyncPacket(decodeSyncPacket(bytes)))).toBe(e.hex);
    }
    const first = decodeSyncPacket(unhex(ex.find((x) => x.meaning.startsWith("RTP sync packet"))?.hex ?? ""));
    expect(first).toMatchObject({ first: true, rtpTimeLessLatency: 0, rtpTime: 66150 });
  });

  it("timing response copies the request's send time into reference", () => {
    const request = find((e) => e.meaning.startsWith("RTP timing request"));
    const reply = find((e) => e.meaning.startsWith("RTP timing response"));
    const decodedReply = decodeTimingPacket(unhex(reply.hex));
    expect(hex(timingResponse(decodeTimingPacket(unhex(request.hex)), decodedReply.receive))).toBe(reply.hex);
  });

  it("audio packets re-encode identically (marker on the first only)", () => {
    const audio = ex.filter(
      (e) => e.meaning.startsWith("RTP audio") || (e.transport === "udp" && e.conn === 2),
    );
    expect(audio.length).toBeGreaterThan(1);
    const packets = audio.map((e) => decodeAudioPacket(unhex(e.hex)));
    expect(packets[0]?.marker).toBe(true);
    expect(packets.slice(1).every((p) => !p.marker)).toBe(true);
    expect(packets[0]?.timestamp).toBe(66150);
    for (const [i, e] of audio.entries()) expect(hex(encodeAudioPacket(packets[i] as never))).toBe(e.hex);
  });

  it("WAV samples go out big-endian as pyatv sends them (byte-order check)", async () => {
    const rtp = decodeAudioPacket(unhex(vector.byte_order_check.first_rtp_packet.hex));
    const wav = makeWav({
      frames: 352,
      sample: (i, c) => {
        const left = ((i * 0x0102) << 16) >> 16;
        return c === 0 ? left : (-left << 16) >> 16;
      },
    });
    const { pcm } = await openAudio(wav);
    const chunks: Uint8Array[] = [];
    for await (const c of pcm) chunks.push(c);
    expect(hex(Buffer.concat(chunks))).toBe(hex(rtp.payload));
  });
});
