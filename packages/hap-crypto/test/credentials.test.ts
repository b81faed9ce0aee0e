import { hex } from "@atv/test-utils";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  formatCredentials,
  hapCredentials,
  InvalidCredentialsError,
  parseCredentials,
} from "../src/index.js";
import { pairingVector } from "./helpers/vectors.js";

const k32 = "11".repeat(32);
const id = Buffer.from("5D797FD3-3538-427E-A47B-A32FC6CF3A6A").toString("hex");

describe("credentials strings (pyatv format)", () => {
  it("parses and re-formats the credentials of both captures exactly", () => {
    for (const file of ["mrp-pair-setup.json", "companion-pair-and-session.json"] as const) {
      const text = pairingVector(file).new_credentials;
      const c = parseCredentials(text);
      expect(c.kind).toBe("hap");
      expect(formatCredentials(c)).toBe(text);
    }
  });

  it("decides the kind from the fields like pyatv", () => {
    expect(parseCredentials(":::")).toEqual({ kind: "none" });
    expect(parseCredentials(undefined)).toEqual({ kind: "none" });
    expect(parseCredentials("7472616e7369656e74:::")).toEqual({ kind: "transient" });
    const legacy = parseCredentials(`:${k32}::0102030405060708`);
    expect(legacy).toMatchObject({ kind: "legacy" });
    const hap = parseCredentials(`${k32}:${"22".repeat(32)}:${id}:${id}`);
    expect(hap.kind).toBe("hap");
    if (hap.kind === "hap") expect(hex(hap.ltsk)).toBe("22".repeat(32));
  });

  it("accepts the two-field legacy form <client_id>:<seed> and formats it in four fields", () => {
    const c = parseCredentials(`0102030405060708:${k32}`);
    expect(c.kind).toBe("legacy");
    expect(formatCredentials(c)).toBe(`:${k32}::0102030405060708`);
    expect(parseCredentials(":")).toEqual({ kind: "none" });
  });

  it("formats lower-case hex and accepts upper-case input", () => {
    const c = parseCredentials(`${k32.toUpperCase()}:${k32}:${id.toUpperCase()}:${id}`);
    expect(formatCredentials(c)).toBe(`${k32}:${k32}:${id}:${id}`);
  });

  it.each([
    ["empty string", ""],
    ["three fields", "aa:bb:cc"],
    ["five fields", "aa:bb:cc:dd:ee"],
    ["odd hex", `${k32}:${k32}:abc:${id}`],
    ["non-hex", `${k32}:${k32}:zz:${id}`],
    ["missing atv_id", `${k32}:${k32}::${id}`],
    ["short ltpk", `aabb:${k32}:${id}:${id}`],
    ["legacy with short seed", ":aabb::0102"],
    ["transient with extra fields", `7472616e7369656e74:${k32}::`],
    ["only atv_id", `::${id}:`],
  ])("rejects %s with InvalidCredentialsError", (_name, text) => {
    expect(() => parseCredentials(text)).toThrow(InvalidCredentialsError);
    try {
      parseCredentials(text);
    } catch (error) {
      expect((error as InvalidCredentialsError).code).toBe("INVALID_CREDENTIALS");
    }
  });

  it("hapCredentials validates and copies", () => {
    const ltpk = new Uint8Array(32).fill(1);
    const c = hapCredentials({
      ltpk,
      ltsk: new Uint8Array(32),
      atvId: new Uint8Array([1]),
      clientId: new Uint8Array([2]),
    });
    ltpk.fill(0);
    expect(c.ltpk[0]).toBe(1);
    expect(() =>
      hapCredentials({
        ltpk,
        ltsk: new Uint8Array(31),
        atvId: new Uint8Array([1]),
        clientId: new Uint8Array([2]),
      }),
    ).toThrow(InvalidCredentialsError);
  });

  it("round-trips any HAP credentials", () => {
    const bytes = (min: number, max: number) => fc.uint8Array({ minLength: min, maxLength: max });
    fc.assert(
      fc.property(bytes(32, 32), bytes(32, 32), bytes(1, 64), bytes(1, 64), (ltpk, ltsk, atvId, clientId) => {
        const c = hapCredentials({ ltpk, ltsk, atvId, clientId });
        expect(parseCredentials(formatCredentials(c))).toEqual(c);
      }),
    );
  });
});
