/**
 * Interop with HAP-NodeJS 1.2.0 (software we did not write): HAP over HTTP is the same wire as AirPlay 2
 * pairing — TLV8 bodies on `POST /pair-setup` / `/pair-verify`, then the whole connection in HAP blocks
 * with the Control-Salt keys. Our HttpConnection, postPairing, hapPairVerify and the encryption switch
 * talk to HAP-NodeJS's HAPServer, run as a child process on loopback with no mDNS advertiser (the
 * fixture of @atv/hap-crypto's interop tests). Skipped with a message when that fixture is absent.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { PairSetupClient, type HapPairingCredentials } from "@atv/hap-crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Hkp, postPairing, verifyConnection } from "../../src/index.js";
import { HttpConnection } from "../../src/rtsp.js";

const hapCryptoDir = fileURLToPath(new URL("../../../hap-crypto/", import.meta.url));
const fixture = join(hapCryptoDir, "test/fixtures/hap-accessory.ts");
const available = existsSync(fixture);
const PIN = "031-45-154";
const USERNAME = "CC:22:3D:E3:CE:A1";
/** HAP-NodeJS answers 400 unless pairing bodies are typed as HomeKit does; AirPlay sends octet-stream. */
const TLV8 = "application/pairing+tlv8";
/** Node's HTTP server (under HAP-NodeJS) refuses HTTP/1.1 requests without `Host`; AirPlay receivers do not need it. */
const HOST: [string, string][] = [["Host", "127.0.0.1"]];

describe.skipIf(!available)("AirPlay's HTTP + HAP layer against HAP-NodeJS (loopback, no mDNS)", () => {
  let child: ChildProcess;
  let port: number;
  let storage: string;
  let credentials: HapPairingCredentials;

  beforeAll(async () => {
    storage = mkdtempSync(join(tmpdir(), "atv-airplay-hap-"));
    child = spawn(
      process.execPath,
      ["--import", "tsx", fixture, "server", "127.0.0.1", PIN, USERNAME, storage],
      {
        cwd: hapCryptoDir,
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stderr = "";
    child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
    port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`HAP-NodeJS did not start: ${stderr}`)), 30_000);
      createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (line) => {
        try {
          const parsed = JSON.parse(line) as { port?: number };
          if (typeof parsed.port === "number") {
            clearTimeout(timer);
            resolve(parsed.port);
          }
        } catch {
          // not the ready line
        }
      });
    });
  }, 40_000);

  afterAll(() => {
    child?.kill("SIGTERM");
    rmSync(storage, { recursive: true, force: true });
  });

  it("pair-setup M1–M6 with postPairing over our HttpConnection", async () => {
    const connection = await HttpConnection.connect("127.0.0.1", port, { requestHeaders: HOST });
    try {
      const setup = new PairSetupClient({ pin: PIN });
      const request = { hkp: Hkp.Normal, contentType: TLV8 };
      const m2 = await postPairing(connection, "/pair-setup", setup.start(), request);
      const m4 = await postPairing(connection, "/pair-setup", setup.handleM2(m2), request);
      const m6 = await postPairing(connection, "/pair-setup", setup.handleM4(m4), request);
      credentials = setup.handleM6(m6).credentials;
      expect(Buffer.from(credentials.atvId).toString()).toBe(USERNAME);
    } finally {
      await connection.close();
    }
  });

  it("pair-verify, then an HTTP request and its answer through our HAP block encryption switch", async () => {
    const connection = await HttpConnection.connect("127.0.0.1", port, { requestHeaders: HOST });
    try {
      const secret = await verifyConnection(connection, credentials, { encrypt: true, contentType: TLV8 });
      expect(secret?.length).toBe(32);
      expect(connection.encrypted).toBe(true);
      const answer = await connection.request({ method: "GET", uri: "/accessories" });
      expect(answer.status).toBe(200);
      expect(Buffer.from(answer.body).toString()).toContain("atv interop");
      // A second request on the same encrypted connection (counters advance on both sides).
      const again = await connection.request({ method: "GET", uri: "/accessories" });
      expect(again.status).toBe(200);
    } finally {
      await connection.close();
    }
  });
});
