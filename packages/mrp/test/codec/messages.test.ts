import { describe, expect, it } from "vitest";
import { equals, isFieldSet } from "@bufbuild/protobuf";
import { unhex, hex } from "@atv/test-utils";
import {
  clientDeviceInfo,
  clientUpdatesConfigMessage,
  decodeHidEvent,
  decodeProtocolMessage,
  deviceInfoMessage,
  encodeFrame,
  encodeHidEvent,
  encodeProtocolMessage,
  FrameDecoder,
  genericMessage,
  getKeyboardSessionMessage,
  HidKeys,
  hidEventMessage,
  hidKeyName,
  MalformedMessageError,
  MessageType,
  messageTypeName,
  playbackQueueRequestMessage,
  sendCommandMessage,
  setConnectionStateMessage,
  setVolumeMessage,
  cryptoPairingMessage,
  newIdentifier,
} from "../../src/codec/index.js";
import { ProtocolMessageSchema, type ProtocolMessage } from "../../src/gen/atv/mrp/protocol_message_pb.js";
import { Command } from "../../src/gen/atv/mrp/command_pb.js";
import { PlaybackState } from "../../src/gen/atv/mrp/now_playing_pb.js";
import { ContentItemMetadataSchema, MediaType } from "../../src/gen/atv/mrp/content_item_pb.js";
import { mrpVector } from "../vectors.js";

const session = mrpVector("mrp-plaintext-session.json");
const pairing = mrpVector("mrp-pair-setup.json");

/** Decodes one captured exchange: strip the varint prefix, parse the payload. */
function decodeExchange(hexFrame: string): ProtocolMessage {
  const frames = new FrameDecoder().push(unhex(hexFrame));
  expect(frames).toHaveLength(1);
  return decodeProtocolMessage(frames[0] as Uint8Array);
}

/** Our builder's message with the capture's random identifiers copied in, for comparison. */
function sameIds(ours: ProtocolMessage, theirs: ProtocolMessage): ProtocolMessage {
  ours.uniqueIdentifier = theirs.uniqueIdentifier;
  if (isFieldSet(theirs, ProtocolMessageSchema.field.identifier)) ours.identifier = theirs.identifier;
  // Through the wire once, so floats are compared at the precision they travel with.
  return decodeProtocolMessage(encodeProtocolMessage(ours));
}

describe("decoding the captured plaintext session", () => {
  it("parses every frame with the captured type, and re-encodes to an equal message", () => {
    for (const e of session.exchanges) {
      const message = decodeExchange(e.hex);
      expect(messageTypeName(message.type)).toBe(e.decoded.type);
      const again = decodeProtocolMessage(encodeProtocolMessage(message));
      expect(equals(ProtocolMessageSchema, again, message)).toBe(true);
    }
  });

  it("reads the device's DeviceInfo reply", () => {
    const reply = decodeExchange(session.exchanges[1]!.hex);
    expect(reply.identifier).toBe("DAF0C1A2-8205-414C-9624-1B3747FD861A");
    const info = reply.deviceInfoMessage!;
    expect(info.name).toBe("Fake MRP ATV");
    expect(info.systemBuildVersion).toBe("18M60");
    expect(info.modelID).toBe("AppleTV6,2");
    expect(info.deviceUID).toBe("E510C430-B01D-45DF-B558-6EA6F8251069");
    expect(info.logicalDeviceCount).toBe(1);
    expect(info.isGroupLeader).toBe(true);
  });

  it("reads the now-playing SetState push", () => {
    const push = session.exchanges.find((e) => e.decoded.type === "SET_STATE_MESSAGE")!;
    const state = decodeExchange(push.hex).setStateMessage!;
    expect(state.playbackState).toBe(PlaybackState.PAUSED);
    expect(state.playerPath?.client?.bundleIdentifier).toBe("com.github.postlund.pyatv");
    expect(state.playerPath?.player?.identifier).toBe("MediaRemote-DefaultPlayer");
    const commands = state.supportedCommands!.supportedCommands;
    expect(commands.map((c) => c.command)).toContain(Command.SKIP_FORWARD);
    expect(commands.find((c) => c.command === Command.SKIP_FORWARD)?.preferredIntervals).toEqual([10]);
    const metadata = state.playbackQueue!.contentItems[0]!.metadata!;
    expect(metadata.title).toBe("music");
    expect(metadata.trackArtistName).toBe("artist");
    expect(metadata.duration).toBe(49);
    expect(metadata.elapsedTime).toBe(22);
    expect(metadata.mediaType).toBe(MediaType.AUDIO);
    expect(metadata.artworkIdentifier).toBe("artwork-1");
    expect(isFieldSet(metadata, ContentItemMetadataSchema.field.seriesName)).toBe(false);
    expect(isFieldSet(metadata, ContentItemMetadataSchema.field.playbackRate)).toBe(true);
  });

  it("reads the artwork reply", () => {
    const reply = session.exchanges.find((e) => e.meaning.startsWith("SET_STATE_MESSAGE identifier="))!;
    const item = decodeExchange(reply.hex).setStateMessage!.playbackQueue!.contentItems[0]!;
    expect(hex(item.artworkData)).toBe(
      (session["client_results"] as { artwork: { bytes_hex: string } }).artwork.bytes_hex,
    );
    expect([item.artworkDataWidth, item.artworkDataHeight]).toEqual([4, 4]);
  });
});

describe("builders reproduce what pyatv sent", () => {
  const captured = (type: string, index = 0): ProtocolMessage =>
    decodeExchange(
      session.exchanges.filter((e) => e.dir === "client->device" && e.decoded.type === type)[index]!.hex,
    );

  it("DEVICE_INFO_MESSAGE", () => {
    const theirs = captured("DEVICE_INFO_MESSAGE");
    const ours = deviceInfoMessage(clientDeviceInfo("23267288-8e80-45d2-9eed-d92d07b10795", "pyatv"));
    expect(equals(ProtocolMessageSchema, sameIds(ours, theirs), theirs)).toBe(true);
  });

  it.each([
    ["SET_CONNECTION_STATE_MESSAGE", setConnectionStateMessage],
    ["CLIENT_UPDATES_CONFIG_MESSAGE", clientUpdatesConfigMessage],
    ["GET_KEYBOARD_SESSION_MESSAGE", getKeyboardSessionMessage],
    ["GENERIC_MESSAGE", genericMessage],
  ])("%s", (type, build) => {
    const theirs = captured(type);
    expect(equals(ProtocolMessageSchema, sameIds(build(), theirs), theirs)).toBe(true);
  });

  it("SEND_HID_EVENT_MESSAGE down and up", () => {
    const down = captured("SEND_HID_EVENT_MESSAGE", 0);
    const up = captured("SEND_HID_EVENT_MESSAGE", 1);
    expect(equals(ProtocolMessageSchema, sameIds(hidEventMessage(HidKeys.up, true), down), down)).toBe(true);
    expect(equals(ProtocolMessageSchema, sameIds(hidEventMessage(HidKeys.up, false), up), up)).toBe(true);
  });

  it("SEND_COMMAND_MESSAGE play", () => {
    const theirs = captured("SEND_COMMAND_MESSAGE");
    expect(equals(ProtocolMessageSchema, sameIds(sendCommandMessage(Command.PLAY), theirs), theirs)).toBe(
      true,
    );
  });

  it("SET_VOLUME_MESSAGE", () => {
    const theirs = captured("SET_VOLUME_MESSAGE");
    const ours = setVolumeMessage(0.3, "E510C430-B01D-45DF-B558-6EA6F8251069");
    expect(equals(ProtocolMessageSchema, sameIds(ours, theirs), theirs)).toBe(true);
  });

  it("PLAYBACK_QUEUE_REQUEST_MESSAGE", () => {
    const theirs = captured("PLAYBACK_QUEUE_REQUEST_MESSAGE");
    const ours = playbackQueueRequestMessage(0, 512, -1);
    expect(equals(ProtocolMessageSchema, sameIds(ours, theirs), theirs)).toBe(true);
  });

  it("CRYPTO_PAIRING_MESSAGE: state 2 on pair-setup M1 only", () => {
    const pairs = pairing.exchanges.filter(
      (e) => e.dir === "client->device" && e.decoded.type === "CRYPTO_PAIRING_MESSAGE",
    );
    const m1 = decodeExchange(pairs[0]!.hex);
    const m3 = decodeExchange(pairs[1]!.hex);
    const ours1 = cryptoPairingMessage(m1.cryptoPairingMessage!.pairingData, true);
    const ours3 = cryptoPairingMessage(m3.cryptoPairingMessage!.pairingData);
    expect(equals(ProtocolMessageSchema, sameIds(ours1, m1), m1)).toBe(true);
    expect(equals(ProtocolMessageSchema, sameIds(ours3, m3), m3)).toBe(true);
    expect(m1.cryptoPairingMessage!.state).toBe(2);
    expect(m3.cryptoPairingMessage!.state).toBe(0);
  });

  it("encodes the same bytes when the fields are the same (field order aside)", () => {
    // pyatv writes its extensions after field 85; we write fields in number order.
    // Both are valid protobuf, so only the length must agree.
    const theirs = session.exchanges.find((e) => e.decoded.type === "SET_CONNECTION_STATE_MESSAGE")!;
    const ours = sameIds(setConnectionStateMessage(), decodeExchange(theirs.hex));
    expect(encodeFrame(encodeProtocolMessage(ours)).length).toBe(unhex(theirs.hex).length);
  });
});

describe("decrypted frames of the paired session", () => {
  it("parse to the captured types", () => {
    const encrypted = pairing.exchanges.filter((e) => e.encrypted);
    expect(encrypted.length).toBeGreaterThan(5);
    for (const e of encrypted) {
      const message = decodeProtocolMessage(unhex(e.encrypted!.plaintext_hex));
      expect(messageTypeName(message.type)).toBe(e.decoded.type);
    }
  });
});

describe("HID events", () => {
  it("matches the fact sheet's 'left, key down' example", () => {
    expect(hex(encodeHidEvent(HidKeys.left, true))).toBe(
      "438922cf0802000000000000000000000100000000000000020000002000000003000000010000000000000001008b00010000000000000001000000",
    );
  });

  it("round-trips every key", () => {
    for (const [name, key] of Object.entries(HidKeys)) {
      for (const pressed of [true, false]) {
        const event = decodeHidEvent(encodeHidEvent(key, pressed));
        expect(event).toEqual({ ...key, pressed });
        expect(hidKeyName(event)).toBe(name);
      }
    }
    expect(hidKeyName({ usagePage: 9, usage: 9 })).toBeUndefined();
  });

  it("rejects events of the wrong length", () => {
    expect(() => decodeHidEvent(new Uint8Array(59))).toThrow(MalformedMessageError);
  });
});

describe("decodeProtocolMessage", () => {
  it("turns malformed bytes into MalformedMessageError", () => {
    expect(() => decodeProtocolMessage(Uint8Array.of(0x0a))).toThrow(MalformedMessageError); // truncated length-delimited
    expect(() => decodeProtocolMessage(Uint8Array.of(0x08, 0x80))).toThrow(MalformedMessageError); // truncated varint
    expect(() => decodeProtocolMessage(Uint8Array.of(0x0f))).toThrow(MalformedMessageError); // wire type 7
    expect(() => decodeProtocolMessage(Uint8Array.of(0x0c))).toThrow(MalformedMessageError); // stray end-group
  });

  it("decodes invalid UTF-8 leniently, with replacement characters", () => {
    expect(decodeProtocolMessage(Uint8Array.of(0x12, 0x02, 0xff, 0xfe)).identifier).toBe("\uFFFD\uFFFD");
  });

  it("keeps unknown fields", () => {
    const bytes = Uint8Array.of(0x08, 0x04, 0xf8, 0x07, 0x01); // type=4, field 127 varint 1
    const message = decodeProtocolMessage(bytes);
    expect(message.type).toBe(MessageType.SET_STATE_MESSAGE);
    expect([...encodeProtocolMessage(message)]).toEqual([...bytes]);
  });

  it("gives every message a fresh upper-case uniqueIdentifier", () => {
    const a = genericMessage();
    const b = genericMessage();
    expect(a.uniqueIdentifier).toMatch(/^[0-9A-F-]{36}$/);
    expect(a.uniqueIdentifier).not.toBe(b.uniqueIdentifier);
    expect(newIdentifier()).toMatch(/^[0-9A-F]{8}-/);
  });
});
