/**
 * `atv --protocol dmap pair` end to end with real peers, across a veth link between two
 * network namespaces this test creates (multicast never leaves them):
 * - the CLI (in one namespace) announces `_touch-remote._tcp` by multicast;
 * - avahi-browse (in the other, with its own avahi-daemon) resolves it: port and TXT;
 * - curl plays the Apple TV: GET /pair with a wrong code (refused, 500), then with the code
 *   for the PIN (200 + the `cmpa` answer); ENTER ends pairing and the CLI prints the credentials.
 * Then `atv pair` against `atv simulate --profile appletv3 --pairing-required --remote-pin`
 * (the simulated Apple TV 3 finds the remote by multicast and types its PIN): the right PIN
 * pairs and the saved GUID logs in for `playing`; a wrong PIN is refused.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  createLink,
  netnsUnavailableReason,
  runIn,
  spawnIn,
  startAvahi,
  startDbus,
  teardown,
  type Proc,
} from "@atv/test-utils";
import { afterAll, describe, expect, it } from "vitest";
import { cliArgv, packageRoot } from "./process.js";

const reason = netnsUnavailableReason(["avahi-daemon", "avahi-browse", "dbus-daemon", "unshare", "curl"]);
const GUID = "0123456789ABCDEF";
const PIN = "4567";

function code(guid: string, pin: string): string {
  return createHash("md5")
    .update(guid + [...pin].map((d) => `${d}\u0000`).join(""), "latin1")
    .digest("hex");
}

describe.skipIf(reason)("DMAP pairing with real peers in network namespaces", () => {
  afterAll(teardown, 30_000);

  it("avahi resolves our _touch-remote._tcp; curl pairs with the PIN; a wrong code is refused", async () => {
    const link = createLink("dm");
    const bus = await startDbus(link.dir, "dev");
    await startAvahi(link.dev.ns, link.dev.iface, link.dev.ns, link.dir, bus.env);
    const cli = spawnIn(
      link.cli.ns,
      process.execPath,
      cliArgv([
        "--storage",
        "none",
        "--json",
        "--manual",
        "--address",
        link.dev.address,
        "--port",
        "3689",
        "--id",
        "ATV3NETNS",
        "--protocol",
        "dmap",
        "--pin",
        PIN,
        "--pairing-guid",
        GUID,
        "--remote-name",
        "atv netns",
        "pair",
      ]),
      {},
      packageRoot,
      "pipe",
    );
    await cli.waitFor(/Use pin 4567 to pair with "atv netns"/, 30_000);

    // A real mDNS browser resolves what we announce.
    let resolved: string[] | undefined;
    for (let i = 0; i < 10 && !resolved; i++) {
      const browse = await runIn(link.dev.ns, "avahi-browse", ["-rpt", "_touch-remote._tcp"], bus.env);
      resolved = browse.stdout
        .split("\n")
        .find((l) => l.startsWith("="))
        ?.split(";");
    }
    expect(resolved, "avahi-browse resolved nothing").toBeDefined();
    const [, , , instance, type, , , address, port, txt] = resolved!;
    expect(type).toBe("_touch-remote._tcp");
    expect(address).toBe(link.cli.address);
    expect(instance).toMatch(/^\d{40}$/);
    for (const kv of [
      `"DvNm=atv netns"`,
      `"RemV=10000"`,
      `"DvTy=iPod"`,
      `"RemN=Remote"`,
      `"txtvers=1"`,
      `"Pair=${GUID}"`,
    ])
      expect(txt).toContain(kv);

    // curl as the Apple TV.
    const body = join(link.dir, "pair.bin");
    const url = (c: string) => `http://${address}:${port}/pair?pairingcode=${c}&servicename=ATV3`;
    const wrong = await runIn(link.dev.ns, "curl", [
      "-s",
      "-o",
      body,
      "-w",
      "%{http_code}",
      url(code(GUID, "0000")),
    ]);
    expect(wrong.stdout).toBe("500");
    const right = await runIn(link.dev.ns, "curl", [
      "-s",
      "-o",
      body,
      "-w",
      "%{http_code}",
      url(code(GUID, PIN).toUpperCase()),
    ]);
    expect(right.stdout).toBe("200");
    expect(readFileSync(body).toString("hex")).toBe(
      "636d70610000002f636d706700000008" +
        GUID.toLowerCase() +
        "636d6e6d00000009" +
        Buffer.from("atv netns").toString("hex") +
        "636d7479000000066950686f6e65",
    );

    cli.write("\n");
    expect(await cli.exited()).toBe(0);
    expect(JSON.parse(cli.stdout().trim().split("\n").at(-1)!)).toMatchObject({
      result: "success",
      protocol: "dmap",
      credentials: `0x${GUID}`,
    });
  }, 90_000);

  it("atv pair ↔ atv simulate --profile appletv3: right PIN pairs and logs in, wrong PIN refused", async () => {
    const link = createLink("dm");
    const storage = join(link.dir, "atv.conf");
    const sim = spawnIn(
      link.dev.ns,
      process.execPath,
      cliArgv([
        "simulate",
        "--profile",
        "appletv3",
        "--host",
        link.dev.address,
        "--multicast-interface",
        link.dev.address,
        "--identifier",
        "ATV3PAIRTEST0001",
        "--pairing-required",
        "--remote-pin",
        "2468",
        "--demo",
        "--demo-interval",
        "600000",
      ]),
      {},
      packageRoot,
      "pipe",
    );
    await sim.waitFor(/"profile":"appletv3"/, 30_000);
    const info = JSON.parse(
      sim
        .stdout()
        .split("\n")
        .find((l) => l.includes('"profile"'))!,
    ) as {
      ports: { udns: number };
    };
    const find = ["-s", link.dev.address, "--scan-port", String(info.ports.udns), "-i", "ATV3PAIRTEST0001"];
    const pairCli = (pin: string, guid: string): Proc =>
      spawnIn(
        link.cli.ns,
        process.execPath,
        cliArgv([
          ...find,
          "--storage-filename",
          storage,
          "--protocol",
          "dmap",
          "--pin",
          pin,
          "--pairing-guid",
          guid,
          "pair",
        ]),
        {},
        packageRoot,
        "pipe",
      );

    const good = pairCli("2468", "00000000000000AA");
    await good.waitFor(/Use pin 2468/, 30_000);
    await sim.waitFor(/"event":"remote_pairing","remote":"\d+","credentials":"0x00000000000000AA"/, 30_000);
    good.write("\n");
    expect(await good.exited()).toBe(0);
    expect(good.output()).toContain("You may now use these credentials: 0x00000000000000AA");

    const playing = await runIn(link.cli.ns, process.execPath, [
      ...cliArgv([...find, "--storage-filename", storage, "--json", "playing"]),
    ]);
    expect(JSON.parse(playing.stdout)).toMatchObject({ result: "success", title: "Never Gonna Give You Up" });

    const bad = pairCli("1357", "00000000000000BB");
    await bad.waitFor(/Use pin 1357/, 30_000);
    await sim.waitFor(
      /"event":"remote_pairing","remote":"\d+","error":"remote refused pairing \(HTTP 500\)"/,
      30_000,
    );
    bad.write("\n");
    expect(await bad.exited()).not.toBe(0);
    expect(bad.output()).toContain("Pairing failed");
    await sim.stop();
  }, 120_000);
});
