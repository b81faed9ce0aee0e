import { describe, expect, it } from "vitest";
import { decodePlistDict, encodeBinaryPlist } from "../../src/plist/index.js";
import {
  DATA_STREAM_TYPE,
  MEDIA_REMOTE_CLIENT_TYPE_UUID,
  dataStreamSetupBody,
  dataStreamSetupResponse,
  newDataStreamSeed,
  parseDataStreamSetupRequest,
  parseDataStreamSetupResponse,
  parseRemoteControlSetupRequest,
  parseRemoteControlSetupResponse,
  remoteControlSetupBody,
  remoteControlSetupResponse,
  seedFromPlist,
} from "../../src/tunnel/setup-bodies.js";
import { TunnelSetupError } from "../../src/tunnel/errors.js";

/** Through the wire format and back, as the peer would see it. */
const wire = (body: Parameters<typeof encodeBinaryPlist>[0]) => decodePlistDict(encodeBinaryPlist(body));
const UUID = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;

describe("remote-control session SETUP", () => {
  it("has every key of airplay.md §6 with pyatv's values", () => {
    const body = wire(remoteControlSetupBody({ name: "Kitchen remote" }));
    expect(body).toEqual({
      isRemoteControlOnly: true,
      osName: "iPhone OS",
      sourceVersion: "550.10",
      timingProtocol: "None",
      model: "iPhone10,6",
      deviceID: "FF:70:79:61:74:76",
      osVersion: "14.7.1",
      osBuildVersion: "18G82",
      macAddress: "02:70:79:61:74:76",
      sessionUUID: expect.stringMatching(UUID) as string,
      name: "Kitchen remote",
    });
  });

  it("a new session UUID each time", () => {
    expect(remoteControlSetupBody()["sessionUUID"]).not.toBe(remoteControlSetupBody()["sessionUUID"]);
  });

  it("the device reads it back and answers with eventPort", () => {
    const request = parseRemoteControlSetupRequest(wire(remoteControlSetupBody({ name: "R" })));
    expect(request.isRemoteControlOnly).toBe(true);
    expect(request.client.name).toBe("R");
    expect(request.client.model).toBe("iPhone10,6");
    expect(parseRemoteControlSetupResponse(wire(remoteControlSetupResponse(49152)))).toEqual({
      eventPort: 49152,
    });
  });

  it("typed errors for bad bodies", () => {
    expect(() => parseRemoteControlSetupResponse({})).toThrow(TunnelSetupError);
    expect(() => parseRemoteControlSetupResponse({ eventPort: 0 })).toThrow(TunnelSetupError);
    expect(() => parseRemoteControlSetupResponse({ eventPort: 70000 })).toThrow(TunnelSetupError);
    expect(() => parseRemoteControlSetupResponse("x")).toThrow(TunnelSetupError);
    expect(() => parseRemoteControlSetupRequest({ streams: [] })).toThrow(TunnelSetupError);
    expect(() => parseRemoteControlSetupRequest({ name: 5 })).toThrow(TunnelSetupError);
    expect(() => parseRemoteControlSetupRequest({ name: "x".repeat(257) })).toThrow(TunnelSetupError);
    expect(parseRemoteControlSetupRequest({}).isRemoteControlOnly).toBe(false);
    expect(() => remoteControlSetupResponse(0)).toThrow(TunnelSetupError);
  });
});

describe("data-stream SETUP", () => {
  it("one stream of type 130 for Media Remote with a seed below 2^63", () => {
    const body = dataStreamSetupBody();
    const streams = body["streams"] as Record<string, unknown>[];
    expect(streams).toHaveLength(1);
    const stream = streams[0] as Record<string, unknown>;
    expect(stream).toMatchObject({
      controlType: 2,
      type: 130,
      wantsDedicatedSocket: true,
      clientTypeUUID: "1910A70F-DBC0-4242-AF95-115DB30604E1",
    });
    expect(stream["channelID"]).toMatch(UUID);
    expect(stream["clientUUID"]).toMatch(UUID);
    expect(typeof stream["seed"]).toBe("bigint");
    expect((stream["seed"] as bigint) < 1n << 63n).toBe(true);
  });

  it("random seeds stay below 2^63 and vary", () => {
    const seeds = new Set<bigint>();
    for (let i = 0; i < 1000; i++) {
      const seed = newDataStreamSeed();
      expect(seed >= 0n && seed < 1n << 63n).toBe(true);
      seeds.add(seed);
    }
    expect(seeds.size).toBe(1000);
  });

  it("the device reads the same seed and ids through a binary plist (big and small seeds)", () => {
    for (const seed of [0n, 12345n, 2n ** 53n + 1n, (1n << 63n) - 1n]) {
      const body = dataStreamSetupBody({ seed, channelID: "C", clientUUID: "U" });
      expect(parseDataStreamSetupRequest(wire(body))).toEqual({
        seed,
        channelID: "C",
        clientUUID: "U",
        clientTypeUUID: MEDIA_REMOTE_CLIENT_TYPE_UUID,
        controlType: 2,
        wantsDedicatedSocket: true,
      });
    }
  });

  it("a seed iOS sent as a negative signed 64-bit integer becomes its unsigned value", () => {
    expect(seedFromPlist(-1n)).toBe((1n << 64n) - 1n);
    expect(seedFromPlist(-2)).toBe((1n << 64n) - 2n);
    expect(seedFromPlist(15014746994705656022n - (1n << 64n))).toBe(15014746994705656022n);
    expect(() => seedFromPlist("1")).toThrow(TunnelSetupError);
    expect(() => seedFromPlist(1.5)).toThrow(TunnelSetupError);
    expect(() => seedFromPlist(1n << 64n)).toThrow(TunnelSetupError);
  });

  it("refuses seeds we would send with sign issues", () => {
    expect(() => dataStreamSetupBody({ seed: 1n << 63n })).toThrow(RangeError);
    expect(() => dataStreamSetupBody({ seed: -1n })).toThrow(RangeError);
  });

  it("streams of other types are left to the caller; the reply carries dataPort", () => {
    expect(parseDataStreamSetupRequest({ streams: [{ type: 96 }] })).toBeUndefined();
    const reply = wire(dataStreamSetupResponse(50000));
    expect(reply).toEqual({ streams: [{ type: DATA_STREAM_TYPE, streamID: 1, dataPort: 50000 }] });
    expect(parseDataStreamSetupResponse(reply)).toEqual({ dataPort: 50000, streamID: 1 });
  });

  it("typed errors for bad bodies", () => {
    expect(() => parseDataStreamSetupRequest({})).toThrow(TunnelSetupError);
    expect(() => parseDataStreamSetupRequest({ streams: ["x"] })).toThrow(TunnelSetupError);
    expect(() => parseDataStreamSetupRequest({ streams: new Array(65).fill({}) })).toThrow(TunnelSetupError);
    expect(() => parseDataStreamSetupRequest({ streams: [{ type: 130 }] })).toThrow(/seed/);
    expect(() => parseDataStreamSetupResponse({ streams: [] })).toThrow(/no streams/);
    expect(() => parseDataStreamSetupResponse({ streams: ["x"] })).toThrow(/no stream dictionary/);
    expect(() => parseDataStreamSetupResponse({ streams: [{ type: 130 }] })).toThrow(/dataPort/);
    // Like pyatv: without a type-130 entry the first stream is taken.
    expect(parseDataStreamSetupResponse({ streams: [{ dataPort: 7001 }] })).toEqual({
      dataPort: 7001,
      streamID: undefined,
    });
    expect(
      parseDataStreamSetupResponse({
        streams: [
          { type: 96, dataPort: 1 },
          { type: 130, dataPort: 2 },
        ],
      }).dataPort,
    ).toBe(2);
    expect(() => parseDataStreamSetupResponse({})).toThrow(TunnelSetupError);
  });
});
