import { describe, expect, it } from "vitest";
import { decodeAlacEscape } from "../../src/alac.js";
import { GroupClock, GroupTimeline } from "../../src/group/clock.js";
import { GroupFanout, type FanoutMember } from "../../src/group/fanout.js";
import { decodeSyncPacket } from "../../src/index.js";
import type { PayloadFormat } from "../../src/sdp.js";

class Sink implements FanoutMember {
  readonly audio: Uint8Array[] = [];
  readonly syncs: Uint8Array[] = [];
  #first = true;
  constructor(readonly payload: PayloadFormat) {}
  sendAudio(packet: Uint8Array): void {
    this.audio.push(packet.slice()); // the slot is reused later: keep what was sent
  }
  sendSync(build: (first: boolean) => Uint8Array): void {
    this.syncs.push(build(this.#first));
    this.#first = false;
  }
}

const timeline = (): GroupTimeline =>
  new GroupTimeline({ clock: new GroupClock(0n, 0), rtpBase: 0xfffffe00, startMs: 0, latencyFrames: 11025 });

function pcm(i: number): Uint8Array {
  return new Uint8Array(1408).map((_, k) => (i * 7 + k) & 0xff);
}

describe("GroupFanout", () => {
  it("builds each packet once and sends the same bytes to every L16 member, ALAC encoded once", () => {
    const l16a = new Sink("L16");
    const l16b = new Sink("L16");
    const alac = new Sink("ALAC");
    const live: FanoutMember[] = [l16a, l16b, alac];
    const sent: Uint8Array[] = [];
    const spy: FanoutMember = { payload: "L16", sendAudio: (p) => sent.push(p), sendSync: () => undefined };
    const fanout = new GroupFanout(timeline(), 0xfffe, () => [...live, spy]);
    for (let i = 0; i < 4; i++) {
      fanout.pcm.set(pcm(i));
      fanout.commit();
    }
    expect(fanout.packets).toBe(4);
    expect(fanout.seq).toBe(2);
    expect(fanout.frame).toBe(4 * 352);
    for (let i = 0; i < 4; i++) {
      const p = l16a.audio[i] as Uint8Array;
      expect(l16b.audio[i]).toEqual(p);
      expect(p[1]).toBe(i === 0 ? 0xe0 : 0x60); // marker on the first packet only
      const view = new DataView(p.buffer);
      expect(view.getUint16(2)).toBe((0xfffe + i) & 0xffff);
      expect(view.getUint32(4)).toBe((0xfffffe00 + i * 352) >>> 0);
      expect(view.getUint32(8)).toBe(0xfffffe00);
      expect(p.subarray(12)).toEqual(pcm(i));
      const a = alac.audio[i] as Uint8Array;
      expect(a.subarray(0, 12)).toEqual(p.subarray(0, 12));
      expect(decodeAlacEscape(a.subarray(12), 352)).toEqual(pcm(i));
      // The backlog holds exactly what was sent, per format.
      expect(fanout.backlog((0xfffe + i) & 0xffff, "L16")).toEqual(p);
      expect(fanout.backlog((0xfffe + i) & 0xffff, "ALAC")).toBe(
        fanout.backlog((0xfffe + i) & 0xffff, "ALAC"),
      );
      expect(fanout.backlog((0xfffe + i) & 0xffff, "ALAC")).toEqual(a);
    }
    // No copy per member: the L16 buffer handed out is the ring slot itself.
    expect(sent[0]).toBe(fanout.backlog(0xfffe, "L16"));
    expect(fanout.backlog(2, "L16")).toBeUndefined();
  });

  it("encodes no ALAC while no member wants it, syncs once a second, forgets after the ring wraps", () => {
    const m = new Sink("L16");
    const fanout = new GroupFanout(timeline(), 0, () => [m]);
    for (let i = 0; i < 1100; i++) {
      fanout.pcm.fill(i & 0xff);
      fanout.commit();
    }
    expect(m.audio).toHaveLength(1100);
    expect(fanout.backlog(1099, "ALAC")).toBeUndefined();
    expect(fanout.backlog(1099, "L16")?.[12]).toBe(1099 & 0xff);
    expect(fanout.backlog(50, "L16")).toBeUndefined(); // overwritten by 1074
    expect(fanout.backlog(1074, "L16")?.[12]).toBe(1074 & 0xff);
    // A sync once ≥ 44100 frames passed since the last: packets 126, 252, … 1008: 8 in 1100 packets.
    expect(m.syncs).toHaveLength(8);
    const first = decodeSyncPacket(m.syncs[0] as Uint8Array);
    expect(first.first).toBe(true);
    expect(first.rtpTime).toBe((0xfffffe00 + 126 * 352) >>> 0);
    expect(first.rtpTimeLessLatency).toBe((0xfffffe00 + 126 * 352 - 11025) >>> 0);
    expect(decodeSyncPacket(m.syncs[1] as Uint8Array).first).toBe(false);
    fanout.clear();
    expect(fanout.backlog(1099, "L16")).toBeUndefined();
  });
});
