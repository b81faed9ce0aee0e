/** The known-answer values of hap-pairing.md §10 and the key orientation of every protocol. */
import { hex } from "@atv/test-utils";
import { describe, expect, it } from "vitest";
import {
  chacha20Poly1305Seal,
  companionNonce,
  counterNonce,
  deriveAirPlayDataStreamKeys,
  deriveAirPlayEventKeys,
  deriveCompanionSessionKeys,
  deriveHapSessionKeys,
  deriveMrpSessionKeys,
  hkdfSha512,
  pairingNonce,
  PairingKdf,
} from "../src/index.js";

const ikm = Uint8Array.from({ length: 32 }, (_, i) => i);

describe("hap-pairing.md §10 HKDF-SHA-512 check values (IKM = 00..1f)", () => {
  it.each([
    [
      PairingKdf.VerifyEncrypt.salt,
      PairingKdf.VerifyEncrypt.info,
      "faf9f3558a8ed1e45219bd94fb6d27e5b43a1bc861157fc2a0d291d8e3df410a",
    ],
    [
      PairingKdf.SetupEncrypt.salt,
      PairingKdf.SetupEncrypt.info,
      "52890146745a52e57b82b859a7a3679c7f3d40bb295b055a0c8fa8af92a3746d",
    ],
    [
      PairingKdf.SetupControllerSign.salt,
      PairingKdf.SetupControllerSign.info,
      "acaad01277164b90d790f2e3f6535370bf1fde16c9a0d5001514c43517d3aeba",
    ],
  ])("%s / %s", (salt, info, okm) => {
    expect(hex(hkdfSha512(ikm, salt, info))).toBe(okm);
  });

  it("MRP: the client writes with MediaRemote-Write-Encryption-Key", () => {
    const client = deriveMrpSessionKeys(ikm);
    expect(hex(client.writeKey)).toBe("e6e2dcf8283a5c51a12284e90dff6073226384331dbf87dfc0e2959fdeee31dc");
    expect(hex(client.readKey)).toBe("161e528ba653c40613ea45986dc5f5d5a749db85f1b811bab0407c53b2a0447b");
    const server = deriveMrpSessionKeys(ikm, "server");
    expect(hex(server.writeKey)).toBe(hex(client.readKey));
    expect(hex(server.readKey)).toBe(hex(client.writeKey));
  });

  it("Companion: empty salt, ClientEncrypt-main / ServerEncrypt-main", () => {
    const client = deriveCompanionSessionKeys(ikm);
    expect(hex(client.writeKey)).toBe("9f8aa265911271e6d6e90daf564d82b5913d4b760373afbd6c03e675af681f8d");
    expect(hex(client.readKey)).toBe("df91c3c41e8d3901f7c525e250cb59237271d5a0202cdd8dd8bd3a4ade77bfe8");
    expect(hex(deriveCompanionSessionKeys(ikm, "server").writeKey)).toBe(hex(client.readKey));
  });

  it("HAP / AirPlay control: Control-Salt, the client writes with Control-Write-Encryption-Key", () => {
    const client = deriveHapSessionKeys(ikm);
    expect(hex(client.writeKey)).toBe("c3ca130c7033dbe5e7ff7f91d117ead869bac476994c7a48ca170c111136ed96");
    expect(hex(client.readKey)).toBe("c09403ef8aa6c5045cbd8cf9bf3e665b2caed623af2be0e87c8f80f519914d3d");
  });

  it("AirPlay events: names swapped, the client writes with Events-Read-Encryption-Key", () => {
    const client = deriveAirPlayEventKeys(ikm);
    expect(hex(client.writeKey)).toBe("77c905af437e45acea18c03d6d5b7791fa9b9da65f3d4d63de8ce7ab3ea3fa5a");
    expect(hex(client.readKey)).toBe("24ee7bb1f775cc08cc23e25bee48afa439250299bc76549e80c0b54d9cc60b61");
  });

  it("AirPlay data stream: DataStream-Salt<seed>, Output for the client", () => {
    const client = deriveAirPlayDataStreamKeys(ikm, 12345n);
    expect(hex(client.writeKey)).toBe("7a0a0ebaa095ab14b9366e179f7e3e2eda27ea6f2bf930198acdca4c79d62d9d");
    expect(hex(client.readKey)).toBe("5cc5df99856e50b600793b4da0918b3120d92bac96ff36aec4437e67e5175bbf");
    expect(() => deriveAirPlayDataStreamKeys(ikm, -1n)).toThrow(RangeError);
    expect(() => deriveAirPlayDataStreamKeys(ikm, 1n << 64n)).toThrow(RangeError);
  });

  it("rejects bad arguments", () => {
    expect(() => deriveMrpSessionKeys(new Uint8Array())).toThrow(RangeError);
    expect(() => deriveMrpSessionKeys(ikm, "device" as "server")).toThrow(TypeError);
  });
});

describe("hap-pairing.md §10 ChaCha20-Poly1305 check values (key = 32 × 11, 'hello', counter 0)", () => {
  const key = new Uint8Array(32).fill(0x11);
  const hello = new TextEncoder().encode("hello");
  it("MRP: no AAD", () => {
    expect(hex(chacha20Poly1305Seal(key, counterNonce(0), hello))).toBe(
      "cdd9fbfa169c32946824a4151ada0ca5e645e463e4",
    );
  });
  it("Companion: AAD = frame header 08000015", () => {
    expect(hex(chacha20Poly1305Seal(key, companionNonce(0), hello, Uint8Array.of(8, 0, 0, 0x15)))).toBe(
      "cdd9fbfa1637e754461be0a6b23cb31fad767eee73",
    );
  });
  it("HAP block: AAD = LE16 length 0500", () => {
    expect(hex(chacha20Poly1305Seal(key, counterNonce(0), hello, Uint8Array.of(5, 0)))).toBe(
      "cdd9fbfa16390173a51aaa72ec2958c7a9bee791a8",
    );
  });
  it("nonces", () => {
    expect(hex(counterNonce(1))).toBe("000000000100000000000000");
    expect(hex(companionNonce(1))).toBe("010000000000000000000000");
    expect(hex(pairingNonce("PS-Msg05"))).toBe("0000000050532d4d73673035");
    expect(hex(counterNonce(2 ** 40 + 2))).toBe("000000000200000000010000");
    expect(() => counterNonce(-1)).toThrow(RangeError);
    expect(() => pairingNonce("short")).toThrow(RangeError);
  });
});
