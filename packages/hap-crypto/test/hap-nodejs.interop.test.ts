/**
 * Interop with HAP-NodeJS 1.2.0 (an accessory implementation we did not write), over loopback.
 * The accessory runs in a child process using HAP-NodeJS's HAPServer alone: pair-setup,
 * pair-verify and the encrypted HTTP session are all HAP-NodeJS's code, but no mDNS advertiser is
 * created (HAP-NodeJS's Accessory.publish() cannot run without one), so nothing is multicast; the
 * first test checks with `ss` that the process has no UDP socket at all. The full Accessory with
 * its advertiser is exercised inside a network namespace by hap-nodejs.netns.test.ts.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AuthenticationError,
  ed25519,
  hapCredentials,
  type HapPairingCredentials,
  PairingError,
  TlvErrorCode,
} from "../src/index.js";
import { type Accessory, pairSetup, pairVerify, startAccessory } from "./helpers/hap-interop.js";
import { HttpConnection } from "./helpers/http.js";

const PIN = "031-45-154";
const USERNAME = "CC:22:3D:E3:CE:F6";
const HOST = "127.0.0.1";
const ssAvailable = spawnSync("ss", ["-V"]).status === 0;

describe("HAP-NodeJS accessory on loopback (HAPServer, no advertiser)", () => {
  let accessory: Accessory;
  let storage: string;
  let credentials: HapPairingCredentials | undefined;

  beforeAll(async () => {
    storage = mkdtempSync(join(tmpdir(), "atv-hap-interop-"));
    accessory = await startAccessory({
      mode: "server",
      bind: HOST,
      pincode: PIN,
      username: USERNAME,
      storage,
    });
  });

  afterAll(async () => {
    await accessory?.stop();
    rmSync(storage, { recursive: true, force: true });
  });

  it.skipIf(!ssAvailable)("listens on loopback only and owns no UDP socket (no mDNS)", () => {
    const tcp = spawnSync("ss", ["-Htlnp"], { encoding: "utf8" });
    const udp = spawnSync("ss", ["-Huanp"], { encoding: "utf8" });
    const mine = (out: string): string[] =>
      out.split("\n").filter((l) => l.includes(`pid=${accessory.child.pid},`));
    expect(mine(tcp.stdout).every((l) => l.includes(`${HOST}:`))).toBe(true);
    expect(mine(tcp.stdout).some((l) => l.includes(`${HOST}:${accessory.port}`))).toBe(true);
    expect(mine(udp.stdout)).toEqual([]);
  });

  it("refuses a wrong setup code: PairingError wrong-pin with the device's error code", async () => {
    const error = await pairSetup(HOST, accessory.port, "111-11-111").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PairingError);
    expect(error).toMatchObject({
      code: "PAIRING",
      reason: "wrong-pin",
      deviceErrorCode: TlvErrorCode.Authentication,
    });
  });

  it("pairs with the right setup code and verifies HAP-NodeJS's M4 proof and M6 signature", async () => {
    const result = await pairSetup(HOST, accessory.port, PIN);
    credentials = result.credentials;
    expect(Buffer.from(credentials.atvId).toString()).toBe(USERNAME);
    expect(credentials.ltpk.length).toBe(32);
  });

  it("pair-verifies and reads GET /accessories through the HAP session cipher", async () => {
    const connection = await pairVerify(HOST, accessory.port, credentials as HapPairingCredentials);
    try {
      const response = await connection.request("GET", "/accessories");
      expect(response.status).toBe(200);
      expect(response.headers["content-type"]).toContain("application/hap+json");
      const json = JSON.parse(Buffer.from(response.body).toString("utf8")) as unknown;
      expect(json).toEqual({
        accessories: [
          {
            aid: 1,
            services: [
              {
                iid: 1,
                type: "3E",
                characteristics: [
                  { iid: 2, type: "23", perms: ["pr"], format: "string", value: "atv interop" },
                ],
              },
            ],
          },
        ],
      });
      // A second request on the same encrypted connection (counters keep advancing on both sides).
      expect((await connection.request("GET", "/accessories")).status).toBe(200);
    } finally {
      connection.close();
    }
  });

  it("refuses a second pair-setup once paired (device error Unavailable)", async () => {
    const error = await pairSetup(HOST, accessory.port, PIN).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: "PAIRING",
      reason: "device-error",
      deviceErrorCode: TlvErrorCode.Unavailable,
    });
  });

  it("is refused by HAP-NodeJS when our client is not paired (verify M4 Error)", async () => {
    const known = credentials as HapPairingCredentials;
    const stranger = hapCredentials({
      ...known,
      ltsk: ed25519.generateKeyPair().secretKey,
      clientId: new TextEncoder().encode("stranger"),
    });
    const error = await pairVerify(HOST, accessory.port, stranger).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ reason: "rejected", deviceErrorCode: TlvErrorCode.Authentication });
  });

  it("detects an accessory that is not the paired one (its M2 signature does not verify)", async () => {
    const known = credentials as HapPairingCredentials;
    const wrongKey = hapCredentials({ ...known, ltpk: ed25519.generateKeyPair().publicKey });
    const error = await pairVerify(HOST, accessory.port, wrongKey).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "AUTHENTICATION", reason: "bad-signature" });
  });

  it("without pair-verify, /accessories is refused with 470", async () => {
    const connection = await HttpConnection.connect(HOST, accessory.port);
    try {
      expect((await connection.request("GET", "/accessories")).status).toBe(470);
    } finally {
      connection.close();
    }
  });
});
