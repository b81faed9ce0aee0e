import { createConnection, createServer, type Server, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import {
  RaopGroup,
  startRaopReceiver,
  streamGroup,
  type GroupMemberConfig,
  type RaopReceiver,
} from "../../src/index.js";
import { expectedPcm } from "../helpers/wav.js";
import { ntpOfSync, rtpToPlayAt } from "../helpers/sync-map.js";

const receivers: RaopReceiver[] = [];
const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
  for (const s of servers.splice(0)) s.close();
});

/** A TCP relay to a receiver's RTSP port that can freeze: then nothing passes either way (a stalled peer). */
async function freezable(r: RaopReceiver): Promise<{ port: number; freeze: () => void }> {
  let frozen = false;
  const sockets: Socket[] = [];
  const server = createServer((down) => {
    const up = createConnection(r.port, r.host);
    sockets.push(down, up);
    down.on("data", (d) => frozen || up.write(d));
    up.on("data", (d) => frozen || down.write(d));
    down.on("close", () => up.destroy());
    up.on("close", () => down.destroy());
    down.on("error", () => undefined);
    up.on("error", () => undefined);
  });
  servers.push(server);
  server.on("close", () => sockets.forEach((s) => s.destroy()));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  return { port: typeof address === "object" && address ? address.port : 0, freeze: () => (frozen = true) };
}

async function receiver(options: Parameters<typeof startRaopReceiver>[0] = {}): Promise<RaopReceiver> {
  const r = await startRaopReceiver(options);
  receivers.push(r);
  return r;
}

const config = (r: RaopReceiver, id: string, extra: Partial<GroupMemberConfig> = {}): GroupMemberConfig => ({
  id,
  host: r.host,
  port: r.port,
  properties: r.txt(),
  ...extra,
});

/** PCM in uneven chunks, as a file or pipe would give it. */
async function* chunks(pcm: Uint8Array): AsyncGenerator<Uint8Array> {
  for (let o = 0, i = 0; o < pcm.length; i++) {
    const n = 1000 + ((i * 7919) % 3000);
    yield await Promise.resolve(pcm.subarray(o, o + n));
    o += n;
  }
}

/** Arrivals contiguous and in order: every seq is the previous + 1, every timestamp + 352. */
function expectNoGap(r: RaopReceiver): void {
  const a = r.state.arrivals;
  expect(a.length).toBeGreaterThan(10);
  for (let i = 1; i < a.length; i++) {
    const prev = a[i - 1] as (typeof a)[number];
    const cur = a[i] as (typeof a)[number];
    expect({ i, seq: cur.seq }).toEqual({ i, seq: (prev.seq + 1) & 0xffff });
    expect((cur.timestamp - prev.timestamp) >>> 0).toBe(352);
  }
  expect(r.state.retransmitRequests).toEqual([]);
}

function expectSegment(r: RaopReceiver, source: Uint8Array, rtpBase: number): void {
  const first = r.state.firstTimestamp as number;
  const offset = ((first - rtpBase) >>> 0) * 4;
  expect(offset).toBeLessThan(source.length);
  const want = source.subarray(offset);
  const got = r.state.pcm();
  expect(Buffer.from(got.subarray(0, want.length)).equals(Buffer.from(want))).toBe(true);
  expect(got.subarray(want.length).every((b) => b === 0)).toBe(true);
}

describe("RaopGroup: one stream to several receivers over loopback", () => {
  it("AirPlay 1 L16, AirPlay 2 and ALAC together; one killed mid-stream, the others get every packet; re-added", async () => {
    const [a, b, c] = [await receiver(), await receiver({ airplay2: true }), await receiver()];
    const spec = { frames: 44100 * 2 };
    const source = expectedPcm(spec);
    const failed: [string, Error][] = [];
    const joined: string[] = [];
    let group: RaopGroup | undefined;
    let replacement: RaopReceiver | undefined;
    let rejoin: Promise<string> | undefined;
    await streamGroup(
      [config(a, "a"), config(b, "b"), config(c, "c", { properties: { ...c.txt(), cn: "1" } })],
      chunks(source),
      {
        latencyMs: 300,
        metadata: { title: "Group", artist: "atv", album: "Tests" },
        onGroup: (g) => {
          group = g;
          g.on("memberFailed", (id, e) => failed.push([id, e]));
          g.on("memberJoined", (id) => joined.push(id));
          const poll = setInterval(() => {
            if (c.state.audioPackets < 60) return;
            clearInterval(poll);
            void c.close().then(async () => {
              replacement = await receiver();
              rejoin = g.add(config(replacement, "c"));
            });
          }, 5);
        },
      },
    );
    expect(group).toBeDefined();
    expect(failed.map(([id]) => id)).toEqual(["c"]);
    expect(await rejoin).toBe("c");
    expect(joined.sort()).toEqual(["a", "b", "c", "c"]);
    for (const r of [a, b]) {
      expectNoGap(r);
      expect(Buffer.from(r.state.pcm().subarray(0, source.length)).equals(Buffer.from(source))).toBe(true);
      expect(r.state.metadata).toEqual({ title: "Group", artist: "atv", album: "Tests" });
      expect(r.state.teardown).toBe(true);
    }
    expect(c.state.sdp?.payload).toBe("ALAC");
    expect(b.state.sdp?.encrypted).toBe(true);
    expect(b.state.rejectedPackets).toBe(0);
    // The re-added member plays the rest of the same stream.
    const again = replacement as RaopReceiver;
    expect(again).not.toBe(c);
    expectNoGap(again);
    expectSegment(again, source, (group as RaopGroup).timeline?.rtpBase as number);
  });

  it("one RTP↔NTP mapping for all, a late joiner aligned to it, per-member volume", async () => {
    const [a, b, late] = [await receiver(), await receiver(), await receiver()];
    const spec = { frames: 44100 * 3 };
    const source = expectedPcm(spec);
    const group = new RaopGroup({ latencyMs: 500 });
    await group.add(config(a, "a", { volume: 20 }));
    await group.add(config(b, "b"));
    let joining: Promise<void> | undefined;
    const off = group.on("progress", () => {
      if (!joining) {
        joining = group
          .add(config(late, "late"))
          .then(() => group.setVolume("b", 50))
          .then(() => undefined);
      }
    });
    await group.stream(chunks(source));
    off();
    await joining;
    const timeline = group.timeline;
    expect(timeline?.latencyFrames).toBe(22050);
    const rtpBase = timeline?.rtpBase as number;
    expect(a.state.volume).toBeCloseTo(-24, 0);
    expect(b.state.volume).toBe(-15);
    for (const r of [a, b]) expectSegment(r, source, rtpBase);
    expectSegment(late, source, rtpBase);
    expect(late.state.firstTimestamp).not.toBe(rtpBase);
    // Every sync packet every receiver got lies on one line: frame n ↔ NTP start + n / 44100.
    const all = [a, b, late].map((r) => r.state.syncs);
    expect(all.every((s) => s.length >= 2)).toBe(true);
    expect(all[2]?.[0]?.first).toBe(true);
    for (const syncs of all)
      for (const s of syncs) {
        const frame = (s.rtpTime - rtpBase) >>> 0;
        expect(ntpOfSync(s)).toBe(timeline?.ntpAt(frame));
        expect((s.rtpTime - s.rtpTimeLessLatency) >>> 0).toBe(22050);
      }
    // What each was told to play at the same instants (after the late joiner's first sync).
    const lateFirst = ntpOfSync(all[2]?.[0] as (typeof all)[number][number]);
    for (const extra of [0n, 1n << 31n, 1n << 32n]) {
      const instant = lateFirst + extra;
      const [ra, rb, rl] = all.map((s) => rtpToPlayAt(s, instant));
      expect(Math.abs((ra as number) - (rb as number))).toBeLessThanOrEqual(44);
      expect(Math.abs((ra as number) - (rl as number))).toBeLessThanOrEqual(44);
    }
  });

  it("drops a member whose RTSP peer stalls (keep-alive times out); the others get every packet", async () => {
    const [a, b, c] = [await receiver(), await receiver(), await receiver()];
    const relay = await freezable(c);
    const spec = { frames: 44100 * 2 };
    const source = expectedPcm(spec);
    const failed: [string, Error][] = [];
    const group = new RaopGroup({ latencyMs: 300, keepAlive: { intervalMs: 150, timeoutMs: 300 } });
    group.on("memberFailed", (id, e) => failed.push([id, e]));
    await group.add(config(a, "a"));
    await group.add(config(b, "b"));
    await group.add({ ...config(c, "c"), port: relay.port });
    const poll = setInterval(() => {
      if (c.state.audioPackets < 40) return;
      clearInterval(poll);
      relay.freeze();
    }, 5);
    // Resolves although c never answers its TEARDOWN (a member's close is bounded).
    await group.stream(chunks(source));
    expect(failed.map(([id]) => id)).toEqual(["c"]);
    expect(group.members().find((m) => m.id === "c")?.state).toBe("closed");
    for (const r of [a, b]) {
      expectNoGap(r);
      expect(Buffer.from(r.state.pcm().subarray(0, source.length)).equals(Buffer.from(source))).toBe(true);
    }
    // c stopped getting audio once dropped, long before the end.
    expect(c.state.audioPackets).toBeLessThan(a.state.audioPackets);
  });

  it("reports a receiver that cannot be reached and streams to the rest", async () => {
    const a = await receiver();
    const gone = await receiver();
    const port = gone.port;
    await gone.close();
    const failed: string[] = [];
    const spec = { frames: 44100 / 2 };
    await streamGroup([config(a, "a"), { id: "gone", host: "127.0.0.1", port }], chunks(expectedPcm(spec)), {
      latencyMs: 100,
      onGroup: (g) => g.on("memberFailed", (id) => failed.push(id)),
    });
    expect(failed).toEqual(["gone"]);
    expectNoGap(a);
  });
});
