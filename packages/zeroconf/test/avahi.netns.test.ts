/**
 * Interoperability with avahi, a real mDNS responder/browser written by others, across a
 * veth link between two network namespaces this test creates (multicast never leaves them):
 * 1. services published with `avahi-publish` are found by our multicast browse;
 * 2. services published by our Responder are resolved by `avahi-browse -rpt`;
 * 3. our browse finds our Responder while an avahi-daemon shares the browsing namespace.
 */
import {
  createLink,
  netnsUnavailableReason,
  runIn,
  spawnIn,
  startAvahi,
  startDbus,
  teardown,
  type Link,
} from "@atv/test-utils";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowseOptions, DiscoveredDevice, ResponderOptions } from "../src/index.js";

const reason = netnsUnavailableReason([
  "avahi-daemon",
  "avahi-publish",
  "avahi-browse",
  "dbus-daemon",
  "unshare",
]);
const packageDir = fileURLToPath(new URL("..", import.meta.url));
const MRP_ID = "46CE1111-3B67-48EF-AAB1-77BCF67C886A";

async function browseIn(ns: string, options: BrowseOptions): Promise<DiscoveredDevice[]> {
  const proc = spawnIn(
    ns,
    process.execPath,
    ["--import", "tsx", "test/netns/browse-client.ts", JSON.stringify(options)],
    {},
    packageDir,
  );
  await new Promise((resolve) => proc.child.once("exit", resolve));
  try {
    return JSON.parse(proc.stdout()) as DiscoveredDevice[];
  } catch {
    throw new Error(`browse client failed: ${proc.output()}`);
  }
}

describe.skipIf(reason)("avahi interop in network namespaces", () => {
  let link: Link;
  beforeAll(() => {
    link = createLink();
  });
  afterAll(teardown, 30_000);

  it("finds services published with avahi-publish (names, ports, TXT, model)", async () => {
    const bus = await startDbus(link.dir, "dev");
    const avahi = await startAvahi(link.dev.ns, link.dev.iface, `atvzc-${link.id}-dev`, link.dir, bus.env);
    const publish = (args: string[]) => spawnIn(link.dev.ns, "avahi-publish", ["-s", ...args], bus.env);
    const pubs = [
      publish([
        "Living Room",
        "_mediaremotetv._tcp",
        "49152",
        `UniqueIdentifier=${MRP_ID}`,
        "Name=Living Room",
        "SystemBuildVersion=18M60",
      ]),
      publish([
        "Living Room",
        "_airplay._tcp",
        "7000",
        "deviceid=AA:BB:CC:DD:EE:FF",
        "features=0x4A7FDFD5,0x3C155FDE",
        "model=AppleTV6,2",
      ]),
      publish(["AABBCCDDEEFF@Living Room", "_raop._tcp", "7000", "am=AppleTV6,2", "et=0,3,5"]),
      publish(["Living Room", "_device-info._tcp", "0", "model=J105aAP"]),
      publish(["Printer", "_ipp._tcp", "631", "note=not asked for"]),
    ];
    try {
      await Promise.all(pubs.map((p) => p.waitFor(/Established under name/)));
      await findPublished();
    } finally {
      await Promise.all(pubs.map((p) => p.stop()));
      await avahi.stop();
      await bus.proc.stop();
    }
  }, 60_000);

  async function findPublished(): Promise<void> {
    const devices = await browseIn(link.cli.ns, {
      serviceTypes: [
        "_mediaremotetv._tcp.local",
        "_airplay._tcp.local",
        "_raop._tcp.local",
        "_companion-link._tcp.local",
      ],
      timeoutMs: 4000,
    });
    expect(devices).toHaveLength(1);
    const [device] = devices as [DiscoveredDevice];
    expect(device.address).toBe(link.dev.address);
    expect(device.name).toBe("Living Room");
    expect(device.model).toBe("J105aAP");
    expect(device.deepSleep).toBe(false);
    const byType = Object.fromEntries(device.services.map((s) => [s.type, s]));
    expect(Object.keys(byType).sort()).toEqual([
      "_airplay._tcp.local",
      "_mediaremotetv._tcp.local",
      "_raop._tcp.local",
    ]);
    expect(byType["_mediaremotetv._tcp.local"]).toMatchObject({
      name: "Living Room",
      port: 49152,
      address: link.dev.address,
      host: `atvzc-${link.id}-dev.local`,
      properties: { uniqueidentifier: MRP_ID, name: "Living Room", systembuildversion: "18M60" },
    });
    expect(byType["_airplay._tcp.local"]?.properties).toEqual({
      deviceid: "AA:BB:CC:DD:EE:FF",
      features: "0x4A7FDFD5,0x3C155FDE",
      model: "AppleTV6,2",
    });
    expect(byType["_raop._tcp.local"]).toMatchObject({
      name: "AABBCCDDEEFF@Living Room",
      port: 7000,
      properties: { am: "AppleTV6,2", et: "0,3,5" },
    });
  }

  describe("our Responder in the device namespace", () => {
    const responderOptions: ResponderOptions = {
      services: [
        {
          type: "_mediaremotetv._tcp",
          name: "Our TV",
          port: 49153,
          address: "",
          properties: { UniqueIdentifier: MRP_ID, Name: "Our TV", AllowPairing: "YES" },
        },
        {
          type: "_airplay._tcp",
          name: "Our TV",
          port: 7000,
          address: "",
          properties: { deviceid: "11:22:33:44:55:66", model: "AppleTV11,1" },
        },
      ],
      multicast: { interfaceAddress: "" },
      deviceInfoModel: "J305AP",
    };
    let busEnv: NodeJS.ProcessEnv;

    beforeAll(async () => {
      const options: ResponderOptions = {
        ...responderOptions,
        services: responderOptions.services.map((s) => ({ ...s, address: link.dev.address })),
        multicast: { interfaceAddress: link.dev.address },
      };
      const server = spawnIn(
        link.dev.ns,
        process.execPath,
        ["--import", "tsx", "test/netns/responder-server.ts", JSON.stringify(options)],
        {},
        packageDir,
      );
      await server.waitFor(/ready/);
      const bus = await startDbus(link.dir, "cli");
      busEnv = bus.env;
      await startAvahi(link.cli.ns, link.cli.iface, `atvzc-${link.id}-cli`, link.dir, busEnv);
    }, 60_000);

    async function avahiBrowse(type: string, expectLine: RegExp): Promise<string[]> {
      const deadline = Date.now() + 20_000;
      let last = "";
      while (Date.now() < deadline) {
        const r = await runIn(link.cli.ns, "avahi-browse", ["-rptk", type], busEnv);
        last = `${r.stdout}${r.stderr}`;
        const lines = r.stdout.split("\n").filter((l) => expectLine.test(l));
        if (lines.length > 0) return lines;
        await new Promise((res) => setTimeout(res, 500));
      }
      throw new Error(`avahi-browse never resolved ${type}: ${last}`);
    }

    it("is resolved by avahi-browse -rptk (name, host, address, port, TXT)", async () => {
      const [mrp] = await avahiBrowse("_mediaremotetv._tcp", /^=;/);
      const fields = (mrp ?? "").split(";");
      // =;iface;IPv4;name;type;domain;host;address;port;txt
      expect(fields[3]).toBe("Our\\032TV");
      expect(fields[4]).toBe("_mediaremotetv._tcp");
      expect(fields[6]).toBe("Our-TV.local");
      expect(fields[7]).toBe(link.dev.address);
      expect(fields[8]).toBe("49153");
      expect(fields[9]).toContain(`"UniqueIdentifier=${MRP_ID}"`);
      expect(fields[9]).toContain('"AllowPairing=YES"');
      const [airplay] = await avahiBrowse("_airplay._tcp", /^=;/);
      expect(airplay).toContain(";7000;");
      expect(airplay).toContain('"deviceid=11:22:33:44:55:66"');
      const [info] = await avahiBrowse("_device-info._tcp", /^\+;/);
      expect(info).toContain("Our\\032TV;_device-info._tcp");
    }, 60_000);

    it("loses a name conflict with an avahi-published service gracefully: renames to `Name (2)` (RFC 6762 §9)", async () => {
      const theirs = spawnIn(
        link.cli.ns,
        "avahi-publish",
        ["-s", "Clash TV", "_mediaremotetv._tcp", "49170", "Name=theirs"],
        busEnv,
      );
      await theirs.waitFor(/Established under name/);
      const ours = spawnIn(
        link.dev.ns,
        process.execPath,
        [
          "--import",
          "tsx",
          "test/netns/responder-server.ts",
          JSON.stringify({
            services: [
              {
                type: "_mediaremotetv._tcp",
                name: "Clash TV",
                port: 49171,
                address: link.dev.address,
                properties: { Name: "ours" },
              },
            ],
            multicast: { interfaceAddress: link.dev.address },
          } satisfies ResponderOptions),
        ],
        {},
        packageDir,
      );
      try {
        await ours.waitFor(/ready/, 20_000);
        expect(ours.stdout()).toContain('rename "Clash TV" -> "Clash TV (2)"');
        const lines = await avahiBrowse("_mediaremotetv._tcp", /^=;.*Clash\\032TV\\032\\0402\\041;/);
        const fields = (lines[0] ?? "").split(";");
        expect(fields[7]).toBe(link.dev.address);
        expect(fields[8]).toBe("49171");
        // Theirs is untouched.
        const [their] = await avahiBrowse("_mediaremotetv._tcp", /^=;.*;Clash\\032TV;.*;49170;/);
        expect(their).toContain('"Name=theirs"');
      } finally {
        await ours.stop();
        await theirs.stop();
      }
    }, 60_000);

    it("is found by our multicast browse even with avahi-daemon running next to the browser", async () => {
      const devices = await browseIn(link.cli.ns, {
        serviceTypes: ["_mediaremotetv._tcp", "_airplay._tcp"],
        timeoutMs: 3000,
      });
      expect(devices.map((d) => [d.address, d.name, d.model])).toEqual([
        [link.dev.address, "Our TV", "J305AP"],
      ]);
      expect(devices[0]?.services.map((s) => [s.type, s.port]).sort()).toEqual([
        ["_airplay._tcp.local", 7000],
        ["_mediaremotetv._tcp.local", 49153],
      ]);
    }, 60_000);
  });
});
