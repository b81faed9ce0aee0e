/**
 * RtpAudioSender (headers, ring backlog, buffer reuse, ALAC/AirPlay 2 paths) and the paced send
 * loop on a fake clock: bit-exact PCM, when each packet leaves, how often the loop wakes up.
 */
import { describe, expect, it } from "vitest";
import {
  AudioFormatError,
  Pacer,
  RtpAudioSender,
  decodeAlacEscape,
  decodeAudioPacket,
  decryptAudioPayload,
  encodeAudioPacket,
  sendPaced,
  type DatagramSink,
  type RtpAudioSenderOptions,
} from "../../src/index.js";
import { FakeClock } from "../helpers/fake-clock.js";

const PCM = 1408;

class Sink {
  readonly packets: Uint8Array[] = [];
  readonly times: number[] = [];
  constructor(private readonly clock?: FakeClock) {}
  send(packet: Uint8Array): void {
    this.packets.push(Uint8Array.from(packet));
    this.times.push(this.clock?.now() ?? 0);
  }
}

function sender(sink: DatagramSink, extra: Partial<RtpAudioSenderOptions> = {}): RtpAudioSender {
  return new RtpAudioSender({
    socket: sink,
    payload: "L16",
    ssrc: 0xdeadbeef,
    seq: 7,
    latencyFrames: 100,
    ...extra,
  });
}

const ramp = (bytes: number, seed = 0): Uint8Array =>
  Uint8Array.from({ length: bytes }, (_, i) => (i * 7 + seed) & 0xff);

async function* chunked(bytes: Uint8Array, sizes: number[]): AsyncGenerator<Uint8Array> {
  let o = 0;
  for (let i = 0; o < bytes.length; i++) {
    const n = sizes[i % sizes.length] as number;
    yield await Promise.resolve(bytes.subarray(o, o + n));
    o += n;
  }
}

describe("RtpAudioSender", () => {
  it("writes the RTP headers pyatv does: marker on the first packet only, seq +1 wrapping, timestamp = frames + latency", () => {
    const sink = new Sink();
    const s = sender(sink, { seq: 0xfffe, latencyFrames: 0xffffffff - 352 });
    const payloads = [ramp(PCM, 1), ramp(PCM, 2), ramp(PCM, 3)];
    for (const p of payloads) s.send(p);
    expect(sink.packets.map((p) => decodeAudioPacket(p).seq)).toEqual([0xfffe, 0xffff, 0]);
    expect(sink.packets.map((p) => decodeAudioPacket(p).timestamp)).toEqual([
      0xffffffff - 352,
      0xffffffff,
      351,
    ]);
    sink.packets.forEach((p, i) =>
      expect(p).toEqual(
        encodeAudioPacket({
          marker: i === 0,
          seq: (0xfffe + i) & 0xffff,
          timestamp: (0xffffffff - 352 + 352 * i) >>> 0,
          ssrc: 0xdeadbeef,
          payload: payloads[i] as Uint8Array,
        }),
      ),
    );
    expect(s.frames).toBe(3 * 352);
    expect(s.packets).toBe(3);
    s.restart();
    expect(s.frames).toBe(0);
    expect(s.rtpTime).toBe(0xffffffff - 352);
    s.send(ramp(PCM));
    expect(decodeAudioPacket(sink.packets[3] as Uint8Array)).toMatchObject({ marker: true, seq: 1 });
    expect(() => s.send(ramp(10))).toThrow(RangeError);
  });

  it("builds L16 packets in place in one preallocated ring that is also the backlog of 1024", () => {
    const raw: Uint8Array[] = [];
    const s = sender({ send: (p) => void raw.push(p) });
    for (let i = 0; i < 1100; i++) {
      s.pcm.fill(i & 0xff);
      s.commit();
    }
    // No packet was allocated: all are views of one buffer, reused after 1024 packets.
    expect(new Set(raw.map((p) => p.buffer)).size).toBe(1);
    expect(raw[1030]).toBe(raw[6]);
    const newest = (7 + 1099) & 0xffff;
    expect(s.backlog(newest)?.[12]).toBe(1099 & 0xff);
    expect(s.backlog((newest - 1023) & 0xffff)?.[12]).toBe(76 & 0xff);
    expect(s.backlog((newest - 1024) & 0xffff)).toBeUndefined();
    expect(s.backlog((newest + 1) & 0xffff)).toBeUndefined();
    s.clear();
    expect(s.backlog(newest)).toBeUndefined();
  });

  it("sends ALAC escape frames and AirPlay 2 sealed packets, with a nonce that goes on across restarts", () => {
    const alacSink = new Sink();
    const alac = sender(alacSink, { payload: "ALAC" });
    const pcm = ramp(PCM, 9);
    alac.send(pcm);
    expect(decodeAlacEscape(decodeAudioPacket(alacSink.packets[0] as Uint8Array).payload, 352)).toEqual(pcm);
    expect(alac.backlog(7)).toEqual(alacSink.packets[0]);

    const key = new Uint8Array(32).fill(3);
    const sealedSink = new Sink();
    const sealed = sender(sealedSink, { shk: key });
    sealed.send(pcm);
    sealed.restart();
    sealed.send(ramp(PCM, 4));
    const counters = sealedSink.packets.map((p) => Buffer.from(p.subarray(p.length - 8)).readBigUInt64LE(0));
    expect(counters).toEqual([0n, 1n]);
    expect(decryptAudioPayload(sealedSink.packets[0] as Uint8Array, key)).toEqual(pcm);
    expect(sealed.backlog(8)).toEqual(sealedSink.packets[1]);
  });

  it("keeps a dropped packet for retransmission without sending it", () => {
    const sink = new Sink();
    const s = sender(sink, { dropPacket: (_seq, index) => index === 1 });
    for (let i = 0; i < 3; i++) s.send(ramp(PCM, i));
    expect(sink.packets.map((p) => decodeAudioPacket(p).seq)).toEqual([7, 9]);
    expect(decodeAudioPacket(s.backlog(8) as Uint8Array).payload).toEqual(ramp(PCM, 1));
  });
});

describe("sendPaced on a fake clock", () => {
  const seconds = 3;
  const frames = 44100 * seconds + 123;

  async function run(lateMs: number, sizes = [1, 4096, 999, 65536]) {
    const clock = new FakeClock(0);
    const sink = new Sink(clock);
    const s = sender(sink);
    const pacer = new Pacer({ clock, tickMs: 50, leadMs: 65 });
    const pcm = ramp(frames * 4);
    const progress: number[] = [];
    const done = sendPaced(chunked(pcm, sizes), s, pacer, {
      paddingFrames: 352 * 10,
      onProgress: (n) => progress.push(n),
    });
    let finished: number | undefined;
    void done.then(() => (finished = clock.now()));
    await clock.advance(0);
    while (finished === undefined) await clock.advance(10, lateMs);
    return { clock, sink, pacer, pcm, progress, sourceFrames: await done, finishedAt: finished };
  }

  it("resolves when the last packet is due, not leadMs before (the receiver has played it)", async () => {
    const { sink, pacer, finishedAt } = await run(0);
    const lastDue = pacer.dueAt(sink.packets.length - 1);
    expect(sink.times.at(-1)).toBeLessThan(lastDue - 10);
    expect(finishedAt).toBeGreaterThanOrEqual(lastDue);
    expect(finishedAt).toBeLessThanOrEqual(lastDue + 10);
  });

  it("sends every byte in order, pads silence to the latency and reports progress", async () => {
    const { sink, pcm, progress, sourceFrames } = await run(0);
    const sourcePackets = Math.ceil(frames / 352);
    expect(sink.packets).toHaveLength(sourcePackets + 10);
    const body = Buffer.concat(sink.packets.map((p) => p.subarray(12)));
    expect(body.subarray(0, pcm.length).equals(Buffer.from(pcm))).toBe(true);
    expect(body.subarray(pcm.length).every((b) => b === 0)).toBe(true);
    expect(sourceFrames).toBe(frames);
    expect(progress).toEqual([125 * 352, 250 * 352, 375 * 352, frames]);
  });

  it("wakes 20 times a second, never sends a packet late and at most leadMs early", async () => {
    const { clock, sink, pacer } = await run(0);
    const audioMs = (sink.packets.length * 352_000) / 44100;
    expect(clock.fired).toBeLessThanOrEqual(Math.ceil(audioMs / 50) + 1);
    expect(clock.fired).toBeGreaterThanOrEqual(Math.floor(audioMs / 50) - 2);
    sink.times.forEach((t, i) => {
      const due = pacer.dueAt(i);
      if (t > due || t < due - 65) expect.fail(`packet ${i} sent at ${t}, due ${due}`);
    });
  });

  it("late wake-ups inside the slack still send everything on time; beyond it, lateness = delay − slack", async () => {
    const onTime = await run(12);
    onTime.sink.times.forEach((t, i) => expect(t).toBeLessThanOrEqual(onTime.pacer.dueAt(i)));
    const late = await run(30);
    const lateness = late.sink.times.map((t, i) => t - late.pacer.dueAt(i));
    expect(Math.max(...lateness)).toBeGreaterThan(0);
    expect(Math.max(...lateness)).toBeLessThanOrEqual(30 - 15 + 1e-9);
    expect(late.sink.packets).toHaveLength(onTime.sink.packets.length);
  });

  it("joins a pacer that is already running at its current packet instead of bursting", async () => {
    const clock = new FakeClock(0);
    const pacer = new Pacer({ clock, tickMs: 50, leadMs: 65 });
    pacer.start();
    await clock.advance(1000);
    const sink = new Sink(clock);
    void sendPaced(chunked(ramp(PCM * 100), [PCM]), sender(sink), pacer, { paddingFrames: 0 });
    await clock.advance(0);
    const first = pacer.indexAt(1000);
    expect(sink.packets).toHaveLength(pacer.ready(1000) - first);
  });

  it("stops on abort, closing the source, and rejects PCM that ends inside a frame", async () => {
    const clock = new FakeClock(0);
    const sink = new Sink(clock);
    let closed = false;
    async function* endless(): AsyncGenerator<Uint8Array> {
      try {
        for (;;) yield await Promise.resolve(new Uint8Array(PCM * 3));
      } finally {
        closed = true;
      }
    }
    const stop = new AbortController();
    const pacer = new Pacer({ clock });
    const done = sendPaced(endless(), sender(sink), pacer, { paddingFrames: 352, signal: stop.signal });
    await clock.advance(0);
    await clock.advance(200);
    stop.abort();
    await done;
    expect(closed).toBe(true);
    const count = sink.packets.length;
    await clock.advance(200);
    expect(sink.packets).toHaveLength(count);
    expect(count).toBe(pacer.ready(200));

    const odd = sendPaced(
      chunked(new Uint8Array(PCM + 3), [PCM + 3]),
      sender(new Sink()),
      new Pacer({ clock }),
      {
        paddingFrames: 0,
      },
    );
    await expect(odd).rejects.toBeInstanceOf(AudioFormatError);
  });
});
