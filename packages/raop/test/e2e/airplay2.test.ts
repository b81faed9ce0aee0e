/** AirPlay 2 flavour over loopback: transient and HAP-verified pairing, encrypted RTSP and audio. */
import { afterEach, describe, expect, it } from "vitest";
import { AppleTVConfig, BaseService, Protocol } from "@atv/core";
import { AirPlayPairingHandler } from "@atv/airplay";
import { parseCredentials } from "@atv/hap-crypto";
import { RaopStream, startRaopReceiver, type RaopReceiver } from "../../src/index.js";
import { expectedPcm, makeWav } from "../helpers/wav.js";

let receiver: RaopReceiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

const same = (a: Uint8Array, b: Uint8Array): boolean =>
  Buffer.from(a.subarray(0, b.length)).equals(Buffer.from(b));

describe("RAOP to an AirPlay 2 receiver (raop.md §11)", () => {
  it("streams bit-exactly after transient pairing, with encrypted RTSP and ChaCha20-Poly1305 audio", async () => {
    receiver = await startRaopReceiver({ airplay2: true, model: "AudioAccessory5,1" });
    const spec = { frames: 352 * 40 + 7, info: { title: "AP2", artist: "atv", album: "Enc" } };
    const stream = new RaopStream({
      host: receiver.host,
      port: receiver.port,
      properties: receiver.txt(),
      latencyFrames: 352 * 8,
    });
    await stream.setVolume(25);
    await stream.streamFile(makeWav(spec));
    const s = receiver.state;
    expect(s.sdp).toMatchObject({ payload: "L16", encrypted: true });
    expect(s.rejectedPackets).toBe(0);
    expect(same(s.pcm(), expectedPcm(spec))).toBe(true);
    expect(s.metadata).toEqual({ title: "AP2", artist: "atv", album: "Enc" });
    expect(s.volume).toBeCloseTo(-22.5, 5);
    expect(s.requests.map((r) => r.method)).toContain("RECORD");
    expect(s.requests.some((r) => r.method === "ANNOUNCE")).toBe(false);
  });

  it("streams with HAP credentials from a pair-setup (pair-verify, then encrypted)", async () => {
    receiver = await startRaopReceiver({ airplay2: true, pin: "4321", model: "AudioAccessory5,1" });
    const service = new BaseService({
      protocol: Protocol.AirPlay,
      port: receiver.port,
      properties: receiver.txt(),
    });
    const config = new AppleTVConfig({ address: receiver.host, name: "AP2" });
    config.addService(service);
    const pairing = new AirPlayPairingHandler(config, service, { name: "atv test" });
    await pairing.begin();
    pairing.pin(4321);
    await pairing.finish();
    expect(pairing.hasPaired).toBe(true);
    const credentials = parseCredentials(service.credentials ?? "");
    expect(credentials.kind).toBe("hap");
    const spec = { frames: 352 * 10 };
    const stream = new RaopStream({
      host: receiver.host,
      port: receiver.port,
      properties: receiver.txt(),
      credentials,
      payload: "ALAC",
      latencyFrames: 352 * 4,
    });
    await stream.streamFile(makeWav(spec));
    expect(receiver.state.sdp?.payload).toBe("ALAC");
    expect(same(receiver.state.pcm(), expectedPcm(spec))).toBe(true);
  });
});
