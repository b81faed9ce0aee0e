/**
 * End-to-end replays of real exchanges captured between pyatv 0.18's client and its fake device
 * (/work/shared/vectors/mrp-pair-setup.json and companion-pair-and-session.json). With the
 * ephemeral secrets the capture recorded, our client must produce the very bytes pyatv sent, and
 * our server (given the fake device's fixed secrets) the bytes the device sent.
 */
import { hex, unhex } from "@atv/test-utils";
import { describe, expect, it } from "vitest";
import {
  decodePairSetupM2,
  decodePairSetupM4,
  decodeTlv8Map,
  deriveCompanionSessionKeys,
  deriveMrpSessionKeys,
  formatCredentials,
  MessageCipher,
  PairSetupClient,
  PairSetupServer,
  PairVerifyClient,
  PairVerifyServer,
  parseCredentials,
  type HapPairingCredentials,
  type SessionKeys,
  TlvType,
} from "../src/index.js";
import { keyEntry, message, pairingVector, type PairingVector } from "./helpers/vectors.js";

interface Case {
  name: string;
  file: "mrp-pair-setup.json" | "companion-pair-and-session.json";
  derive: (secret: Uint8Array, role: "client" | "server") => SessionKeys;
  /** Splits an encrypted frame into [aad or undefined, sealed payload]. */
  frame: (bytes: Uint8Array) => [Uint8Array | undefined, Uint8Array];
  nonce: "hap" | "companion";
}

function mrpFrame(bytes: Uint8Array): [undefined, Uint8Array] {
  let offset = 0;
  while ((bytes[offset] as number) & 0x80) offset++;
  return [undefined, bytes.subarray(offset + 1)];
}

const cases: Case[] = [
  { name: "MRP", file: "mrp-pair-setup.json", derive: deriveMrpSessionKeys, frame: mrpFrame, nonce: "hap" },
  {
    name: "Companion",
    file: "companion-pair-and-session.json",
    derive: deriveCompanionSessionKeys,
    frame: (bytes) => [bytes.subarray(0, 4), bytes.subarray(4)],
    nonce: "companion",
  },
];

/** The 0x11 item inside the decrypted EncryptedData of a captured message, if any. */
function innerInfo(v: PairingVector, step: string): Uint8Array | undefined {
  const e = v.exchanges.find((x) => x.decoded?.pairing_step === step || x.meaning.includes(step));
  const decrypted = (
    e?.decoded as { _pd_tlv8?: { encrypted_data_decrypted?: { plaintext_hex: string } } } | undefined
  )?._pd_tlv8?.encrypted_data_decrypted?.plaintext_hex;
  if (decrypted === undefined) return undefined;
  return decodeTlv8Map(unhex(decrypted)).get(TlvType.Name);
}

describe.each(cases)("pyatv $name capture", (c) => {
  const v = pairingVector(c.file);
  const device = v.device_side_secrets;
  const clientKeys = keyEntry(v, "SRPAuthHandler.initialize", 0);
  const seed = unhex(clientKeys["ed25519_ltsk_seed"] as string);
  const pairingId = clientKeys["pairing_id"] as string;
  const deviceSeed = unhex((device["ed25519_ltsk_seed"] as string).slice(0, 64));
  const deviceEphemeral = unhex((device["x25519_ephemeral_private"] as string).slice(0, 64));
  const srpB = unhex((device["srp_private_b"] as string).slice(0, 64));
  const m5Info = innerInfo(v, "pair-setup M5");
  const m6Info = innerInfo(v, "pair-setup M6");
  const verifyConn = 2;
  const verifyKeys = keyEntry(v, "pair-verify verify1", c.name === "MRP" ? 1 : 0);

  it("client pair-setup reproduces pyatv's M1, M3, M5 byte for byte and yields its credentials", () => {
    const client = new PairSetupClient({
      pairingId,
      pin: 1111,
      ltsk: seed,
      srpPrivateKey: seed, // pyatv reuses its Ed25519 seed as the SRP private value a
      ...(m5Info === undefined ? {} : { info: m5Info }),
    });
    expect(hex(client.start())).toBe(hex(message(v, 1, "pair-setup M1")));
    expect(hex(client.handleM2(message(v, 1, "pair-setup M2")))).toBe(hex(message(v, 1, "pair-setup M3")));
    expect(hex(client.handleM4(message(v, 1, "pair-setup M4")))).toBe(hex(message(v, 1, "pair-setup M5")));
    const result = client.handleM6(message(v, 1, "pair-setup M6"));
    expect(formatCredentials(result.credentials)).toBe(v.new_credentials);
    expect(result.info === undefined ? undefined : hex(result.info)).toBe(
      m6Info === undefined ? undefined : hex(m6Info),
    );
    expect(client.state).toBe("done");
  });

  it("server pair-setup answers pyatv's M1, M3, M5 with the fake device's M2, M4, M6", () => {
    const capturedM2 = decodePairSetupM2(message(v, 1, "pair-setup M2"));
    const server = new PairSetupServer({
      pairingId: device["identifier"] as string,
      ltsk: deviceSeed,
      pin: device["pin"] as string,
      salt: capturedM2.salt,
      srpPrivateKey: srpB,
      ...(m6Info === undefined ? {} : { info: m6Info }),
    });
    const m2 = decodePairSetupM2(server.handle(message(v, 1, "pair-setup M1")).reply);
    expect(hex(m2.publicKey)).toBe(hex(capturedM2.publicKey));
    const m4 = server.handle(message(v, 1, "pair-setup M3"));
    expect(m4.error).toBeUndefined();
    expect(hex(decodePairSetupM4(m4.reply).proof)).toBe(
      hex(decodePairSetupM4(message(v, 1, "pair-setup M4")).proof),
    );
    const m6 = server.handle(message(v, 1, "pair-setup M5"));
    expect(m6.error).toBeUndefined();
    expect(hex(m6.reply)).toBe(hex(message(v, 1, "pair-setup M6")));
    expect(hex(m6.paired?.clientLtpk ?? new Uint8Array())).toBe(clientKeys["ed25519_ltpk"]);
    expect(Buffer.from(m6.paired?.clientId ?? []).toString()).toBe(pairingId);
  });

  it("client pair-verify reproduces pyatv's M1 and M3 and derives its session keys", () => {
    const credentials = parseCredentials(v.new_credentials) as HapPairingCredentials;
    const client = new PairVerifyClient(credentials, {
      ephemeralSecretKey: unhex(verifyKeys["client_ephemeral_private"] as string),
    });
    expect(hex(client.start())).toBe(hex(message(v, verifyConn, "pair-verify M1")));
    expect(hex(client.handleM2(message(v, verifyConn, "pair-verify M2")))).toBe(
      hex(message(v, verifyConn, "pair-verify M3")),
    );
    const { sharedSecret } = client.handleM4(message(v, verifyConn, "pair-verify M4"));
    expect(hex(sharedSecret)).toBe(verifyKeys["shared_secret"]);
    const session = keyEntry(v, "pair-verify verify2");
    const keys = c.derive(sharedSecret, "client");
    expect(hex(keys.writeKey)).toBe(session["output_key"]);
    expect(hex(keys.readKey)).toBe(session["input_key"]);
  });

  it("server pair-verify answers pyatv's M1 and M3 like the fake device", () => {
    const credentials = parseCredentials(v.new_credentials) as HapPairingCredentials;
    const clientLtpk = unhex(clientKeys["ed25519_ltpk"] as string);
    const server = new PairVerifyServer({
      pairingId: device["identifier"] as string,
      ltsk: deviceSeed,
      ephemeralSecretKey: deviceEphemeral,
      lookupController: (id) => (hex(id) === hex(credentials.clientId) ? clientLtpk : undefined),
    });
    const m2 = server.handle(message(v, verifyConn, "pair-verify M1"));
    const captured = decodeTlv8Map(message(v, verifyConn, "pair-verify M2"));
    const ours = decodeTlv8Map(m2.reply);
    expect(hex(ours.get(TlvType.PublicKey) ?? new Uint8Array())).toBe(
      hex(captured.get(TlvType.PublicKey) ?? new Uint8Array(1)),
    );
    expect(hex(ours.get(TlvType.EncryptedData) ?? new Uint8Array())).toBe(
      hex(captured.get(TlvType.EncryptedData) ?? new Uint8Array(1)),
    );
    const m4 = server.handle(message(v, verifyConn, "pair-verify M3"));
    expect(m4.error).toBeUndefined();
    expect(hex(m4.reply)).toBe(hex(message(v, verifyConn, "pair-verify M4")));
    expect(hex(m4.verified?.sharedSecret ?? new Uint8Array())).toBe(verifyKeys["shared_secret"]);
  });

  it("MessageCipher decrypts every captured encrypted frame and re-encrypts it identically", () => {
    const shared = unhex(verifyKeys["shared_secret"] as string);
    const client = new MessageCipher(c.derive(shared, "client"), { nonce: c.nonce });
    const device = new MessageCipher(c.derive(shared, "server"), { nonce: c.nonce });
    const frames = v.exchanges.filter((e) => e.conn === verifyConn && e.encrypted !== undefined);
    expect(frames.length).toBeGreaterThan(5);
    for (const e of frames) {
      const [aad, sealed] = c.frame(unhex(e.hex));
      const fromClient = e.dir === "client->device";
      const receiver = fromClient ? device : client;
      const sender = fromClient ? client : device;
      const plaintext = receiver.decrypt(sealed, aad);
      expect(hex(plaintext)).toBe(e.encrypted?.plaintext_hex);
      expect(hex(sender.encrypt(plaintext, aad))).toBe(hex(sealed));
    }
  });
});
