import { DeviceModel, PairingRequirement } from "@atv/core";
import { describe, expect, it } from "vitest";
import {
  alacFrameBytes,
  buildSdp,
  dbToPercent,
  decodeAlacEscape,
  decodeRetransmitReply,
  decodeRetransmitRequest,
  decodeTrackMetadata,
  encodeAlacEscape,
  encodeRetransmitReply,
  encodeRetransmitRequest,
  encodeTrackMetadata,
  MalformedPacketError,
  MalformedRaopMessageError,
  ntpFromUnixMicros,
  ntpToTs,
  parseInstanceName,
  parseSdp,
  parseTransport,
  percentToDb,
  transportPort,
  tsToNtp,
  choosePayload,
  raopProtocol,
} from "../../src/index.js";

describe("ALAC escape frames", () => {
  it("352 stereo frames take 1412 bytes with the documented header and end tag", () => {
    const pcm = new Uint8Array(1408).map((_, i) => (i * 37) & 0xff);
    const frame = encodeAlacEscape(pcm);
    expect(frame.length).toBe(1412);
    expect(alacFrameBytes(352)).toBe(1412);
    // 001 0000 000000000000 0 00 1 → 0x20 0x00 then 0b0000001x
    expect(frame[0]).toBe(0x20);
    expect(frame[1]).toBe(0x00);
    expect((frame[2] as number) >> 1).toBe(0x01);
    expect(Buffer.from(decodeAlacEscape(frame, 352))).toEqual(Buffer.from(pcm));
  });
  it("silence frame ends with the 111 tag then zero padding", () => {
    const frame = encodeAlacEscape(new Uint8Array(1408));
    expect(frame.at(-2)).toBe(0b00000001);
    expect(frame.at(-1)).toBe(0b11000000);
  });
  it("rejects frames of the wrong size or kind", () => {
    expect(() => decodeAlacEscape(new Uint8Array(10), 352)).toThrow(MalformedPacketError);
    const frame = encodeAlacEscape(new Uint8Array(1408));
    frame[2] = 0;
    expect(() => decodeAlacEscape(frame, 352)).toThrow(MalformedPacketError);
  });
});

describe("time math (raop.md §7)", () => {
  it("converts Unix time to NTP and RTP frames and back", () => {
    const ntp = ntpFromUnixMicros(1_700_000_000_500_000n);
    expect(ntp >> 32n).toBe(1_700_000_000n + 2208988800n);
    expect(Number(ntp & 0xffffffffn) / 2 ** 32).toBeCloseTo(0.5, 9);
    expect(ntpToTs(1n << 32n, 44100)).toBe(44100n);
    expect(tsToNtp(44100n, 44100)).toBe(1n << 32n);
  });
});

describe("volume (airplay.md §8)", () => {
  it("maps percent to dB and back", () => {
    expect(percentToDb(0)).toBe(-144);
    expect(percentToDb(50)).toBe(-15);
    expect(percentToDb(100)).toBe(0);
    expect(dbToPercent(-15)).toBe(50);
    expect(dbToPercent(-144)).toBe(0);
    expect(() => percentToDb(101)).toThrow(RangeError);
  });
});

describe("SDP and Transport", () => {
  it("parses what it builds, for both payloads", () => {
    for (const payload of ["L16", "ALAC"] as const) {
      const sdp = buildSdp({ sessionId: 5, localAddress: "10.0.0.1", remoteAddress: "10.0.0.2", payload });
      expect(parseSdp(sdp)).toMatchObject({
        payload,
        framesPerPacket: 352,
        format: { sampleRate: 44100, channels: 2 },
      });
    }
  });
  it("rejects unknown codecs and malformed fmtp", () => {
    expect(() => parseSdp("m=audio 0 RTP/AVP 96\r\na=rtpmap:96 mpeg4-generic/44100/2\r\n")).toThrow(
      MalformedRaopMessageError,
    );
    expect(() => parseSdp("m=audio 0 RTP/AVP 96\r\na=rtpmap:96 AppleLossless\r\na=fmtp:96 x\r\n")).toThrow(
      MalformedRaopMessageError,
    );
    expect(() => parseSdp("v=0\r\n")).toThrow(MalformedRaopMessageError);
  });
  it("reads ports from a SETUP Transport header", () => {
    const items = parseTransport(
      "RTP/AVP/UDP;unicast;mode=record;server_port=6000;control_port=6001;timing_port=0",
    );
    expect(transportPort(items, "server_port")).toBe(6000);
    expect(transportPort(items, "control_port")).toBe(6001);
    expect(() => transportPort(items, "timing_port")).toThrow(MalformedRaopMessageError);
  });
  it("chooses L16 unless the receiver lists ALAC without PCM", () => {
    expect(choosePayload({})).toBe("L16");
    expect(choosePayload({ cn: "0,1,2,3" })).toBe("L16");
    expect(choosePayload({ cn: "1,2,3" })).toBe("ALAC");
  });
});

describe("retransmit and metadata codecs", () => {
  it("round-trips retransmit requests and replies", () => {
    expect(decodeRetransmitRequest(encodeRetransmitRequest({ firstSeq: 65535, count: 3 }))).toEqual({
      firstSeq: 65535,
      count: 3,
    });
    const packet = new Uint8Array(1420).fill(7);
    packet[0] = 0x80;
    packet[1] = 0x60;
    expect(decodeRetransmitReply(encodeRetransmitReply(packet))).toEqual(packet);
  });
  it("round-trips DMAP metadata including UTF-8 and rejects overruns", () => {
    const m = { title: "Bjärk ✓", artist: "a", album: "" };
    expect(decodeTrackMetadata(encodeTrackMetadata(m))).toEqual(m);
    const bad = encodeTrackMetadata(m);
    bad[7] = 0xff;
    expect(() => decodeTrackMetadata(bad)).toThrow(MalformedRaopMessageError);
  });
});

describe("discovery", () => {
  it("splits MAC@name instances as pyatv (identifier = text before the first @)", () => {
    expect(parseInstanceName("AABBCCDDEEFF@Living Room")).toEqual({
      id: "AABBCCDDEEFF",
      name: "Living Room",
    });
    expect(parseInstanceName("Kitchen")).toEqual({ id: undefined, name: "Kitchen" });
    expect(parseInstanceName("AA@B@C")).toEqual({ id: "AA", name: "B@C" });
  });

  it("the module reads identifier, name, model, password and pairing from the record", () => {
    const record = {
      type: "_raop._tcp.local",
      name: "0A1B2C3D4E5F@Kitchen",
      port: 5000,
      address: "127.0.0.1",
      properties: { am: "AirPort10,115", pw: "true", sf: "0x8", ov: "7.8.1" },
    };
    const scanned = raopProtocol.serviceInfo(record);
    expect(scanned?.name).toBe("Kitchen");
    expect(scanned?.service.identifier).toBe("0A1B2C3D4E5F");
    expect(raopProtocol.deviceInfo(record)).toEqual({
      model: DeviceModel.AirPortExpressGen2,
      version: "7.8.1",
    });
    const service = scanned?.service;
    if (!service) throw new Error("no service");
    raopProtocol.finalizeService?.(service, { deviceInfo: undefined as never, services: new Map() });
    expect(service.requiresPassword).toBe(true);
    expect(service.pairing).toBe(PairingRequirement.Mandatory);
  });
});
