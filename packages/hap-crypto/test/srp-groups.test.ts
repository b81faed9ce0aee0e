/**
 * The other SRP parameter sets and the native modular exponentiation behind every group.
 * AirPlay legacy values: the known-answer test of airplay.md §5.3 (client side: A, K, M1, M2).
 */
import { hex, unhex } from "@atv/test-utils";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ProtocolError, SrpClient, SrpServer } from "../src/index.js";
import { bigIntToBytes, bytesToBigInt, modPow } from "../src/srp-modpow.js";

describe("AirPlay legacy group (2048-bit, g = 2, SHA-1, K = SHA1(S‖0)‖SHA1(S‖1))", () => {
  const seed = unhex("8F06696F2542D70DF59286C761695C485F815BE3D152849E1361282D46AB1493");
  const salt = unhex("fca6dcb6b83a7c716a692f806e915954");
  const B = unhex(
    "8817e16146c7d12b45e810b0bf190a4ccb25d9a20a8d0504d874daa8db5574c51c8b33703a95c00bdbe99c8c3745d1ef1b38e538edfd98e09ec029effe6f28b3b54a1bd41c28d8f33da6f5ac9327bfce9a66869dae645b5cbd2c6b8fbe14a30ad4f8598154f2ef7f4f52cee3e3042a69780463c26bbb764870eb1995b26a2a4ade05564836d788baf07469a143c410ea9d07a068eb790b2b0aa5b86c990636814e3fa1a899ceba1af45b211ca4bd3b5b66ffaf16051a4f851e120476054258f257b8521a068907ad5e9c7220d5cef9aa072dec9edb7ebf633cad4d52d105cf58440f17e236332b0b26539851a879e9ac8d3c2da4c590785468e590296d39d737",
  );

  it("reproduces A, K, M1 and accepts the device's M2", () => {
    const client = new SrpClient({
      group: "airplay-legacy",
      salt,
      username: "75FBEEC773CFC563",
      password: "2271",
      privateKey: seed,
    });
    expect(hex(client.publicKey)).toBe(
      "0819b6ba7feead4753809314e2b4c5db9109f737a0fc70b758342b6bbf536fae4e40cf94607588abb17c2076030cc00c2c1fa5fc3b3dfe8aa1ec2f23f74d917c0792fbf02f131377dfb8ae2a1656ceaa0a36bb3ab752586e1af17e1d5ef24ce083f3f9298d0be761f26c0d48af86510bf9aac7940cf90bff6bd214cf34b5536856c80f076cfbe06fd69af9d6a07a6d3ac580dfffc8a40b9730575a16c5046cd73321a944880dcf9fac952afc7ffd2d135e57ec208b11cef22b734f331ad4d8c9a737b588f7b30bd5210c65cae2ba0226f69ce7b505771faa63af89ed2f9e8325d7d5f3a2da7412f9d837860632d7f81b7fa5e09dd85e1539184070c0fa8433c2",
    );
    client.setServerPublicKey(B);
    expect(hex(client.sessionKey)).toBe(
      "030fa59190d7ebfcc05eabe122fe86ad5c54fb16baa4eab7afe0ff2cc273f84db98fc28291cec3f7",
    );
    expect(hex(client.proof)).toBe("fc6286910833d3e7ae0631d47ddbb0f492ef85b8");
    expect(client.verifyServerProof(unhex("84a88548b12bce122ad1cea6caff312630edcf27"))).toBe(true);
    expect(client.verifyServerProof(unhex("84a88548b12bce122ad1cea6caff312630edcf28"))).toBe(false);
  });

  it("client and server agree; a wrong PIN is refused", () => {
    const opts = { group: "airplay-legacy", salt, username: "0011223344556677" } as const;
    const server = new SrpServer({ ...opts, password: "1111" });
    const good = new SrpClient({ ...opts, password: "1111" });
    const bad = new SrpClient({ ...opts, password: "1112" });
    expect(server.publicKey).toHaveLength(256);
    good.setServerPublicKey(server.publicKey);
    bad.setServerPublicKey(server.publicKey);
    server.setClientPublicKey(good.publicKey);
    expect(server.verifyClientProof(bad.proof)).toBe(false);
    expect(server.verifyClientProof(good.proof)).toBe(true);
    expect(good.verifyServerProof(server.proof)).toBe(true);
    expect(good.sessionKey).toHaveLength(40);
    expect(hex(server.sessionKey)).toBe(hex(good.sessionKey));
  });

  it("accepts a private key with a leading zero byte (a 32-byte seed reused as a)", () => {
    const a = new Uint8Array(32).fill(9);
    a[0] = 0;
    const client = new SrpClient({ group: "airplay-legacy", salt, password: "1", privateKey: a });
    expect(client.publicKey).toHaveLength(256);
  });

  it("rejects B = 0, B = N and B > N", () => {
    const client = (): SrpClient => new SrpClient({ group: "airplay-legacy", salt, password: "1" });
    const N = bigIntToBytes(
      BigInt(
        "0xAC6BDB41324A9A9BF166DE5E1389582FAF72B6651987EE07FC3192943DB56050A37329CBB4A099ED8193E0757767A13DD52312AB4B03310DCD7F48A9DA04FD50E8083969EDB767B0CF6095179A163AB3661A05FBD5FAAAE82918A9962F0B93B855F97993EC975EEAA80D740ADBF4FF747359D041D5C33EA71D281E446B14773BCA97B43A23FB801676BD207A436C6481F1D2B9078717461A5B9D32E688F87748544523B524B0D57D5EA77A2775D2ECFA032CFBDBF52FB3786160279004E57AE6AF874E7303CE53299CCC041C7BC308D82A5698F3A8D0C38271AE35F8E9DBFBB694B5C803D89F7AE435DE236D525F54759B65E372FCD68EF20FA7111F9E4AFF73",
      ),
    );
    expect(() => client().setServerPublicKey(new Uint8Array(256))).toThrow(ProtocolError);
    expect(() => client().setServerPublicKey(N)).toThrow(ProtocolError);
    expect(() => client().setServerPublicKey(new Uint8Array(256).fill(0xff))).toThrow(ProtocolError);
    expect(() => client().setServerPublicKey(new Uint8Array(257).fill(1))).toThrow(ProtocolError);
  });
});

describe("rfc5054-2048 / rfc5054-3072 and a hash override", () => {
  it("client and server agree", () => {
    for (const group of ["rfc5054-2048", "rfc5054-3072"] as const) {
      for (const hash of ["sha1", "sha512"] as const) {
        const salt = new Uint8Array(16).fill(3);
        const server = new SrpServer({ group, hash, salt, password: "pw" });
        const client = new SrpClient({ group, hash, salt, password: "pw" });
        client.setServerPublicKey(server.publicKey);
        server.setClientPublicKey(client.publicKey);
        expect(server.verifyClientProof(client.proof)).toBe(true);
        expect(client.verifyServerProof(server.proof)).toBe(true);
        expect(client.proof).toHaveLength(hash === "sha1" ? 20 : 64);
      }
    }
  });
});

describe("native modPow", () => {
  const p2048 = bytesToBigInt(
    unhex(
      "AC6BDB41324A9A9BF166DE5E1389582FAF72B6651987EE07FC3192943DB56050A37329CBB4A099ED8193E0757767A13DD52312AB4B03310DCD7F48A9DA04FD50E8083969EDB767B0CF6095179A163AB3661A05FBD5FAAAE82918A9962F0B93B855F97993EC975EEAA80D740ADBF4FF747359D041D5C33EA71D281E446B14773BCA97B43A23FB801676BD207A436C6481F1D2B9078717461A5B9D32E688F87748544523B524B0D57D5EA77A2775D2ECFA032CFBDBF52FB3786160279004E57AE6AF874E7303CE53299CCC041C7BC308D82A5698F3A8D0C38271AE35F8E9DBFBB694B5C803D89F7AE435DE236D525F54759B65E372FCD68EF20FA7111F9E4AFF73",
    ),
  );
  const reference = (b: bigint, e: bigint, m: bigint): bigint => {
    let r = 1n;
    b %= m;
    for (; e > 0n; e >>= 1n) {
      if (e & 1n) r = (r * b) % m;
      b = (b * b) % m;
    }
    return r;
  };

  it("matches square-and-multiply for random bases and exponents (incl. edge values)", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.bigInt({ min: 0n, max: p2048 * 2n }),
          fc.constantFrom(0n, 1n, 2n, p2048 - 1n, p2048, p2048 + 1n),
        ),
        fc.oneof(fc.bigInt({ min: 0n, max: 1n << 1100n }), fc.constantFrom(0n, 1n, p2048 - 1n, p2048 * 3n)),
        (b, e) => {
          expect(modPow(b, e, p2048)).toBe(reference(b, e, p2048));
        },
      ),
      { numRuns: 150 },
    );
  });

  it("round-trips bigint ↔ bytes", () => {
    expect(hex(bigIntToBytes(0x0102n, 4))).toBe("00000102");
    expect(bytesToBigInt(unhex("00000102"))).toBe(0x102n);
    expect(() => bigIntToBytes(0x10000n, 2)).toThrow(RangeError);
  });
});
