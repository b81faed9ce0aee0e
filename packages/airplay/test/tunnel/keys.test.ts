import { describe, expect, it } from "vitest";
import { hex, unhex } from "@atv/test-utils";
import { dataStreamKeys, dataStreamSalt, eventChannelKeys } from "../../src/tunnel/keys.js";

// hap-pairing.md §10: HKDF-SHA-512, L = 32, IKM = 00 01 … 1f.
const IKM = unhex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
const EVENTS_WRITE = "24ee7bb1f775cc08cc23e25bee48afa439250299bc76549e80c0b54d9cc60b61";
const EVENTS_READ = "77c905af437e45acea18c03d6d5b7791fa9b9da65f3d4d63de8ce7ab3ea3fa5a";
const DS_OUTPUT = "7a0a0ebaa095ab14b9366e179f7e3e2eda27ea6f2bf930198acdca4c79d62d9d";
const DS_INPUT = "5cc5df99856e50b600793b4da0918b3120d92bac96ff36aec4437e67e5175bbf";

describe("tunnel channel keys", () => {
  it("event channel: the client writes with Events-Read-Encryption-Key (names swapped)", () => {
    const client = eventChannelKeys(IKM, "client");
    expect(hex(client.writeKey)).toBe(EVENTS_READ);
    expect(hex(client.readKey)).toBe(EVENTS_WRITE);
    const device = eventChannelKeys(IKM, "device");
    expect(hex(device.writeKey)).toBe(EVENTS_WRITE);
    expect(hex(device.readKey)).toBe(EVENTS_READ);
  });

  it("data channel: salt DataStream-Salt<seed>, the client writes with the Output key", () => {
    expect(dataStreamSalt(12345n)).toBe("DataStream-Salt12345");
    expect(dataStreamSalt(15014746994705656022n)).toBe("DataStream-Salt15014746994705656022");
    const client = dataStreamKeys(IKM, 12345n, "client");
    expect(hex(client.writeKey)).toBe(DS_OUTPUT);
    expect(hex(client.readKey)).toBe(DS_INPUT);
    const device = dataStreamKeys(IKM, 12345n, "device");
    expect(hex(device.writeKey)).toBe(DS_INPUT);
    expect(hex(device.readKey)).toBe(DS_OUTPUT);
  });

  it("another seed gives other keys; seeds outside u64 are refused", () => {
    expect(hex(dataStreamKeys(IKM, 12346n, "client").writeKey)).not.toBe(DS_OUTPUT);
    expect(() => dataStreamSalt(-1n)).toThrow(RangeError);
    expect(() => dataStreamKeys(IKM, 1n << 64n, "client")).toThrow(RangeError);
  });
});
