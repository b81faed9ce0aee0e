/** Control and timing channels over loopback: sync packets, retransmit replies, timing answers. */
import { createSocket, type Socket } from "node:dgram";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger } from "@atv/core";
import {
  PayloadType,
  decodeRetransmitReply,
  decodeSyncPacket,
  decodeTimingPacket,
  encodeAudioPacket,
  encodeRetransmitRequest,
  encodeTimingPacket,
  ntpSplit,
  tsToNtp,
} from "../../src/index.js";
import { UdpChannels } from "../../src/udp-channels.js";

let peer: Socket | undefined;
let channels: UdpChannels | undefined;
afterEach(() => {
  peer?.close();
  channels?.close();
  peer = channels = undefined;
});

async function bound(): Promise<Socket> {
  const s = createSocket("udp4");
  await new Promise<void>((resolve) => s.bind(0, "127.0.0.1", resolve));
  return s;
}

const nextMessage = (s: Socket): Promise<Buffer> => new Promise((resolve) => s.once("message", resolve));

describe("UdpChannels", () => {
  it("sends sync packets (first flagged) mapping the next packet's RTP time to the NTP time of its frame", async () => {
    peer = await bound();
    channels = await UdpChannels.open({
      localAddress: "127.0.0.1",
      log: createLogger("atv:raop:test"),
      backlog: () => undefined,
      onRetransmit: () => undefined,
    });
    const headTs = 0x1234_5678_9an;
    const port = peer.address().port;
    const first = nextMessage(peer);
    channels.sendSync("127.0.0.1", port, { rtpTime: 66150 + 352, latencyFrames: 66150, headTs });
    const a = decodeSyncPacket(await first);
    const second = nextMessage(peer);
    channels.sendSync("127.0.0.1", port, { rtpTime: 10, latencyFrames: 20, headTs });
    const b = decodeSyncPacket(await second);
    const { seconds, fraction } = ntpSplit(tsToNtp(headTs, 44100));
    expect(a).toEqual({
      first: true,
      rtpTimeLessLatency: 352,
      ntpSeconds: seconds,
      ntpFraction: fraction,
      rtpTime: 66150 + 352,
    });
    expect(b).toMatchObject({ first: false, rtpTimeLessLatency: 0xfffffff6, rtpTime: 10 });
  });

  it("answers retransmit requests from the backlog and timing requests with the request's send time", async () => {
    peer = await bound();
    const kept = new Map(
      [5, 6].map((seq) => [
        seq,
        encodeAudioPacket({
          marker: false,
          seq,
          timestamp: seq * 352,
          ssrc: 1,
          payload: new Uint8Array(8).fill(seq),
        }),
      ]),
    );
    const asked: [number, number][] = [];
    channels = await UdpChannels.open({
      localAddress: "127.0.0.1",
      log: createLogger("atv:raop:test"),
      backlog: (seq) => kept.get(seq),
      onRetransmit: (firstSeq, count) => asked.push([firstSeq, count]),
    });
    const replies: Buffer[] = [];
    peer.on("message", (m) => replies.push(m));
    peer.send(encodeRetransmitRequest({ firstSeq: 5, count: 3 }), channels.controlPort, "127.0.0.1");
    await expect.poll(() => replies.length).toBe(2);
    expect(asked).toEqual([[5, 3]]);
    expect(replies.map((r) => Uint8Array.from(decodeRetransmitReply(r)))).toEqual([kept.get(5), kept.get(6)]);

    const request = encodeTimingPacket({
      type: PayloadType.TimingRequest,
      flags: 0x80,
      reference: 0n,
      receive: 0n,
      send: 0xaabbccdd_11223344n,
    });
    peer.removeAllListeners("message");
    const answer = nextMessage(peer);
    peer.send(new Uint8Array([1, 2]), channels.timingPort, "127.0.0.1"); // ignored, logged
    peer.send(request, channels.timingPort, "127.0.0.1");
    const timing = decodeTimingPacket(await answer);
    expect(timing.type).toBe(PayloadType.TimingResponse);
    expect(timing.reference).toBe(0xaabbccdd_11223344n);
    expect(timing.receive).toBe(timing.send);
    const nowSeconds = Number(timing.send >> 32n) - 2208988800;
    expect(Math.abs(nowSeconds - Date.now() / 1000)).toBeLessThan(5);

    channels.close();
    channels.close();
    // A group's shared clock answers timing requests instead of the wall clock.
    channels = await UdpChannels.open({
      localAddress: "127.0.0.1",
      log: createLogger("atv:raop:test"),
      backlog: () => undefined,
      onRetransmit: () => undefined,
      clock: () => 0x1234_5678_0000_0001n,
    });
    const shared = nextMessage(peer);
    peer.send(request, channels.timingPort, "127.0.0.1");
    expect(decodeTimingPacket(await shared)).toMatchObject({
      receive: 0x1234_5678_0000_0001n,
      send: 0x1234_5678_0000_0001n,
    });
    expect(channels.controlSocket.address().port).toBe(channels.controlPort);
    channels.close();
    channels.sendSync("127.0.0.1", peer.address().port, { rtpTime: 0, latencyFrames: 0, headTs: 0n });
  });
});
