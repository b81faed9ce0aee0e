/**
 * The legacy pairing known-answer test of airplay.md §5.3: client id 75FBEEC773CFC563, seed 8F06…1493,
 * PIN 2271, and the device's salt, B, M2 and pair-verify response 1. Every listed value is reproduced.
 */
import { ed25519, formatCredentials, parseCredentials } from "@atv/hap-crypto";
import { createHash } from "node:crypto";
import { hex, unhex } from "@atv/test-utils";
import { describe, expect, it } from "vitest";
import { LegacyPairSetupClient, LegacyPairVerifyClient } from "../../src/auth/legacy/index.js";
import { gcmOpen, setupAesKeyIv } from "../../src/auth/legacy/crypto.js";
import { decodePlistDict, encodeBinaryPlist } from "../../src/plist/index.js";

const clientId = unhex("75FBEEC773CFC563");
const seed = unhex("8F06696F2542D70DF59286C761695C485F815BE3D152849E1361282D46AB1493");
const pin = "2271";
const salt = unhex("fca6dcb6b83a7c716a692f806e915954");
const B = unhex(
  "8817e16146c7d12b45e810b0bf190a4ccb25d9a20a8d0504d874daa8db5574c51c8b33703a95c00bdbe99c8c3745d1ef1b38e538edfd98e09ec029effe6f28b3b54a1bd41c28d8f33da6f5ac9327bfce9a66869dae645b5cbd2c6b8fbe14a30ad4f8598154f2ef7f4f52cee3e3042a69780463c26bbb764870eb1995b26a2a4ade05564836d788baf07469a143c410ea9d07a068eb790b2b0aa5b86c990636814e3fa1a899ceba1af45b211ca4bd3b5b66ffaf16051a4f851e120476054258f257b8521a068907ad5e9c7220d5cef9aa072dec9edb7ebf633cad4d52d105cf58440f17e236332b0b26539851a879e9ac8d3c2da4c590785468e590296d39d737",
);
const A =
  "0819b6ba7feead4753809314e2b4c5db9109f737a0fc70b758342b6bbf536fae4e40cf94607588abb17c2076030cc00c2c1fa5fc3b3dfe8aa1ec2f23f74d917c0792fbf02f131377dfb8ae2a1656ceaa0a36bb3ab752586e1af17e1d5ef24ce083f3f9298d0be761f26c0d48af86510bf9aac7940cf90bff6bd214cf34b5536856c80f076cfbe06fd69af9d6a07a6d3ac580dfffc8a40b9730575a16c5046cd73321a944880dcf9fac952afc7ffd2d135e57ec208b11cef22b734f331ad4d8c9a737b588f7b30bd5210c65cae2ba0226f69ce7b505771faa63af89ed2f9e8325d7d5f3a2da7412f9d837860632d7f81b7fa5e09dd85e1539184070c0fa8433c2";
const K = "030fa59190d7ebfcc05eabe122fe86ad5c54fb16baa4eab7afe0ff2cc273f84db98fc28291cec3f7";
const M1 = "fc6286910833d3e7ae0631d47ddbb0f492ef85b8";
const M2 = "84a88548b12bce122ad1cea6caff312630edcf27";
const epk = "ff07fc8520d10728e6f2ab0a0245dfa20709b5d1ae5f9a19328b0663ba9414f2";
const authTag = "52a92f8712c6ea417f3adb3d03d8e563";
const verifyRequest1 =
  "01000000891bae9f581f68f9c9933c4f713fbb5b9de639ec7df5d0a4fd4f342f1c21aa6a5e9d1e843302d6265b8c48dd169e273460e567916b0b36280ac071001118f6b2";
const verifyResponse1 =
  "3221371da9f00d035955caa912455fd2acee68117b557f25e39168746af4b631cfab7b2c6d0b58e96cc10af884f5a4cdef8063858a9d9c04e866743cf4b77b4be50de1352ab4ff2691a1a7afd8c1341475b4170ac50455973b7fcf3c24324fa9";
const verifyRequest2 =
  "00000000a1f91acf64aacb185684080b817103b423816ad63b7f5e001f62337b4cc4b3b92c1474959930b7c2a59d0004814300580459d06fc6cc6441bd82bac72a5c5cc7";

/**
 * The request bodies as pyatv sends them: Python's plistlib (FMT_BINARY, keys sorted) run on the
 * same values. Step 2 is 600+ bytes, so its SHA-256 stands in for it.
 */
const step1Body =
  "62706c6973743030d201020304566d6574686f6454757365725370696e5f101037354642454543373733434643353633080d14191d0000000000000101000000000000000500000000000000000000000000000030";
const step2BodySha256 = "742caab9a1fa129736ed8218237eb20cbfe01744cc93ed835857a6fb626f4ba3";
const step3Body =
  "62706c6973743030d20102030457617574685461675365706b4f101052a92f8712c6ea417f3adb3d03d8e5634f1020ff07fc8520d10728e6f2ab0a0245dfa20709b5d1ae5f9a19328b0663ba9414f2080d15192c000000000000010100000000000000050000000000000000000000000000004f";

describe("legacy pairing known-answer test (airplay.md §5.3)", () => {
  it("request bodies are byte for byte what pyatv (plistlib) sends", () => {
    const client = new LegacyPairSetupClient({ seed, clientId });
    expect(hex(client.step1())).toBe(step1Body);
    const step2 = client.step2(encodeBinaryPlist({ pk: B, salt }), pin);
    expect(createHash("sha256").update(step2).digest("hex")).toBe(step2BodySha256);
    expect(hex(client.step3(encodeBinaryPlist({ proof: unhex(M2) })))).toBe(step3Body);
  });

  it("pair-setup: step 1 body, A, M1, epk/authTag and the credentials", () => {
    const client = new LegacyPairSetupClient({ seed, clientId });
    expect(client.username).toBe("75FBEEC773CFC563");
    const step1 = decodePlistDict(client.step1());
    expect(step1).toEqual({ method: "pin", user: "75FBEEC773CFC563" });

    const step2 = decodePlistDict(client.step2(encodeBinaryPlist({ pk: B, salt }), pin));
    expect(Object.keys(step2).sort()).toEqual(["pk", "proof"]);
    expect(hex(step2["pk"] as Uint8Array)).toBe(A);
    expect(hex(step2["proof"] as Uint8Array)).toBe(M1);

    const step3 = decodePlistDict(client.step3(encodeBinaryPlist({ proof: unhex(M2) })));
    expect(Object.keys(step3).sort()).toEqual(["authTag", "epk"]);
    expect(hex(step3["epk"] as Uint8Array)).toBe(epk);
    expect(hex(step3["authTag"] as Uint8Array)).toBe(authTag);

    const credentials = client.finish(
      encodeBinaryPlist({ epk: new Uint8Array(32), authTag: new Uint8Array(16) }),
    );
    expect(formatCredentials(credentials)).toBe(`:${hex(seed)}::${hex(clientId)}`);
    expect(parseCredentials(formatCredentials(credentials))).toEqual(credentials);
  });

  it("K (40 bytes) decrypts the KAT's epk/authTag to the seed's Ed25519 public key (the device's view)", () => {
    const { key, iv } = setupAesKeyIv(unhex(K));
    const plain = gcmOpen(key, iv, unhex(epk), unhex(authTag));
    expect(plain && hex(plain)).toBe(hex(ed25519.getPublicKey(seed)));
    const tampered = unhex(authTag);
    tampered[0] = (tampered[0] as number) ^ 1;
    expect(gcmOpen(key, iv, unhex(epk), tampered)).toBeUndefined();
  });

  it("pair-verify: request 1 and request 2 from the device's response 1", () => {
    const verify = new LegacyPairVerifyClient();
    const credentials = { kind: "legacy", ltsk: seed, clientId } as const;
    expect(hex(verify.step1(credentials))).toBe(verifyRequest1);
    expect(hex(verify.step2(unhex(verifyResponse1)))).toBe(verifyRequest2);
    verify.finish(new Uint8Array());
    expect(verify.state).toBe("done");
  });

  it("a device that answers with a wrong M2 is refused (bad-proof)", () => {
    const client = new LegacyPairSetupClient({ seed, clientId });
    client.step1();
    client.step2(encodeBinaryPlist({ pk: B, salt }), pin);
    const bad = unhex(M2);
    bad[19] = (bad[19] as number) ^ 0x80;
    expect(() => client.step3(encodeBinaryPlist({ proof: bad }))).toThrow(
      expect.objectContaining({ name: "LegacyPairingError", reason: "bad-proof", code: "PAIRING" }),
    );
    expect(client.state).toBe("failed");
  });
});
