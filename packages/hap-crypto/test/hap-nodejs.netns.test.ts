/**
 * Interop with a full HAP-NodeJS Accessory (published, with its ciao mDNS advertiser) running
 * inside a network namespace this test creates, reached from the host through a veth pair with
 * private addresses. The advertiser's multicast can only reach the veth pair: the namespace has no
 * other interface, so nothing leaves the machine. Needs root and `ip netns`.
 */
import { spawnSync } from "node:child_process";
import { randomInt } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { netnsUnavailableReason } from "@atv/test-utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HapPairingCredentials, PairingError, TlvErrorCode } from "../src/index.js";
import { type Accessory, pairSetup, pairVerify, startAccessory } from "./helpers/hap-interop.js";

const PIN = "031-45-154";
const USERNAME = "CC:22:3D:E3:CE:F7";
const reason = netnsUnavailableReason(["ss"]);

function ip(...args: string[]): void {
  const result = spawnSync("ip", args, { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`ip ${args.join(" ")}: ${result.stderr}`);
}

interface HapJson {
  accessories: Array<{
    aid: number;
    services: Array<{ type: string; characteristics: Array<{ type: string; value?: unknown }> }>;
  }>;
}

/** `00000043-0000-1000-8000-0026BB765291` and `43` both become `43`. */
const shortType = (type: string): string => (type.split("-")[0] ?? "").replace(/^0+/, "").toUpperCase();

describe.skipIf(reason)(
  `HAP-NodeJS Accessory inside a network namespace${reason ? ` (skipped: ${reason})` : ""}`,
  () => {
    const id = randomInt(0x1000, 0xffff).toString(16);
    const ns = `atvhap${id}`;
    const hostSide = `vh${id}`;
    const nsSide = `vn${id}`;
    const subnet = `10.${randomInt(100, 200)}.${randomInt(1, 250)}`;
    const device = `${subnet}.2`;
    let accessory: Accessory | undefined;
    let storage: string;
    let credentials: HapPairingCredentials | undefined;

    beforeAll(async () => {
      storage = mkdtempSync(join(tmpdir(), "atv-hap-netns-"));
      ip("netns", "add", ns);
      ip("link", "add", hostSide, "type", "veth", "peer", "name", nsSide);
      ip("link", "set", nsSide, "netns", ns);
      ip("addr", "add", `${subnet}.1/24`, "dev", hostSide);
      ip("link", "set", hostSide, "up");
      ip("-n", ns, "addr", "add", `${device}/24`, "dev", nsSide);
      ip("-n", ns, "link", "set", nsSide, "up");
      ip("-n", ns, "link", "set", "lo", "up");
      accessory = await startAccessory(
        { mode: "accessory", bind: device, pincode: PIN, username: USERNAME, storage },
        ["ip", "netns", "exec", ns],
      );
    }, 40_000);

    afterAll(async () => {
      await accessory?.stop();
      spawnSync("ip", ["netns", "del", ns]);
      spawnSync("ip", ["link", "del", hostSide]);
      rmSync(storage, { recursive: true, force: true });
    });

    it("advertises only inside the namespace: its mDNS sockets live there, none on the host", () => {
      const pid = accessory?.child.pid ?? -1;
      const inside = spawnSync("ip", ["netns", "exec", ns, "ss", "-Huanp"], { encoding: "utf8" }).stdout;
      const outside = spawnSync("ss", ["-Huanp"], { encoding: "utf8" }).stdout;
      const mine = (out: string): string[] => out.split("\n").filter((l) => l.includes(`pid=${pid},`));
      expect(mine(inside).some((l) => l.includes(":5353"))).toBe(true);
      expect(mine(outside)).toEqual([]);
      const links = spawnSync("ip", ["-n", ns, "-br", "link"], { encoding: "utf8" }).stdout;
      expect(
        links
          .split("\n")
          .filter(Boolean)
          .map((l) => l.split(/[\s@]/)[0]),
      ).toEqual(["lo", nsSide]);
    });

    it("refuses a wrong setup code with PairingError wrong-pin", async () => {
      const error = await pairSetup(device, accessory?.port ?? 0, "123-45-678").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PairingError);
      expect(error).toMatchObject({ reason: "wrong-pin", deviceErrorCode: TlvErrorCode.Authentication });
    });

    it("pairs, pair-verifies and reads the accessory database through the session cipher", async () => {
      credentials = (await pairSetup(device, accessory?.port ?? 0, PIN)).credentials;
      expect(Buffer.from(credentials.atvId).toString()).toBe(USERNAME);
      const connection = await pairVerify(device, accessory?.port ?? 0, credentials);
      try {
        const response = await connection.request("GET", "/accessories");
        expect(response.status).toBe(200);
        const json = JSON.parse(Buffer.from(response.body).toString("utf8")) as HapJson;
        const [first] = json.accessories;
        expect(first?.aid).toBe(1);
        const values = first?.services.flatMap((s) => s.characteristics.map((c) => c.value)) ?? [];
        expect(values).toContain("ATV-INTEROP-1");
        expect(first?.services.map((s) => shortType(s.type))).toEqual(expect.arrayContaining(["3E", "43"]));
        const read = await connection.request("GET", "/accessories");
        expect(read.status).toBe(200);
      } finally {
        connection.close();
      }
    });
  },
);
