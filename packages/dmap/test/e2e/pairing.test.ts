/**
 * DMAP remote pairing end to end on loopback: our handler announces `_touch-remote._tcp`
 * (found by @atv/zeroconf's unicast browse), the fake Apple TV calls `/pair` with the code
 * for the typed PIN, then logs the remote in with the GUID it learnt.
 */
import { describe, expect, it } from "vitest";
import { BaseService, PairingError, Protocol } from "@atv/core";
import { hex } from "@atv/test-utils";
import { browseAll } from "@atv/zeroconf";
import { DmapPairingHandler, TOUCH_REMOTE_SERVICE_TYPE } from "../../src/pairing.js";
import { pairingCode, pairingResponse, remoteInstanceName } from "../../src/pairing-code.js";
import { pairWithRemote, startDmapServer } from "../../src/server/index.js";
import { DmapSetup } from "../../src/setup.js";

describe("pairing arithmetic (dmap.md §8)", () => {
  it("code for GUID ABCDEF0123456789 and PIN 1234", () => {
    expect(pairingCode("ABCDEF0123456789", "1234")).toBe("c792066a1bee5bf6e3244ca1d4d15361");
  });
  it("pairing answer for that GUID and name pyatv", () => {
    expect(hex(pairingResponse("ABCDEF0123456789", "pyatv"))).toBe(
      "636d70610000002b636d706700000008abcdef0123456789636d6e6d000000057079617476636d7479000000066950686f6e65",
    );
  });
  it("instance name: the IPv4 as a zero-padded decimal", () => {
    expect(remoteInstanceName("10.0.0.1")).toBe("0000000000000000000000000000000167772161");
  });
});

async function announcedRemote(handler: DmapPairingHandler) {
  const services = await browseAll({
    serviceTypes: [TOUCH_REMOTE_SERVICE_TYPE],
    hosts: ["127.0.0.1"],
    port: handler.zeroconfPort!,
    knock: false,
    timeoutMs: 3000,
  });
  const remote = services.flatMap((d) => d.services).find((s) => s.type === TOUCH_REMOTE_SERVICE_TYPE);
  if (!remote) throw new Error("no _touch-remote._tcp service found");
  return remote;
}

function handlerFor(pin: string, guid?: string): DmapPairingHandler {
  const service = new BaseService({ protocol: Protocol.DMAP, port: 3689 });
  return new DmapPairingHandler(undefined, service, {
    name: "atv test",
    pin,
    host: "127.0.0.1",
    ...(guid ? { pairingGuid: guid } : {}),
    zeroconf: { unicast: { address: "127.0.0.1", port: 0 } },
  });
}

describe("DMAP remote pairing (loopback)", () => {
  it("the device pairs with the right PIN; the GUID then logs in", async () => {
    await using device = await startDmapServer({ name: "Apple TV 3" });
    await using handler = handlerFor("4321", "0123456789ABCDEF");
    await handler.begin();
    const remote = await announcedRemote(handler);
    expect(remote.port).toBe(handler.port);
    expect(remote.name).toBe(remoteInstanceName("127.0.0.1"));
    expect(remote.properties).toEqual({
      dvnm: "atv test",
      remv: "10000",
      dvty: "iPod",
      remn: "Remote",
      txtvers: "1",
      pair: "0123456789ABCDEF",
    });

    const waited = handler.waitForPairing();
    const guid = await pairWithRemote(device, {
      address: remote.address,
      port: remote.port,
      pairingGuid: remote.properties["pair"]!,
      pin: "4321",
    });
    await waited;
    expect(guid).toBe("0x0123456789ABCDEF");
    await handler.finish();
    expect(handler.hasPaired).toBe(true);
    expect(handler.service.credentials).toBe("0x0123456789ABCDEF");

    const setup = new DmapSetup({
      host: "127.0.0.1",
      port: device.port,
      credentials: handler.service.credentials,
    });
    await setup.connect();
    expect(device.requests).toContain("GET /login?pairing-guid=0x0123456789ABCDEF&hasFP=1");
    await setup.close();
  });

  it("a wrong PIN is refused and nothing is paired", async () => {
    await using device = await startDmapServer();
    await using handler = handlerFor("1111");
    await handler.begin();
    const remote = await announcedRemote(handler);
    await expect(
      pairWithRemote(device, {
        address: remote.address,
        port: remote.port,
        pairingGuid: handler.pairingGuid,
        pin: "2222",
      }),
    ).rejects.toBeInstanceOf(PairingError);
    await handler.finish();
    expect(handler.hasPaired).toBe(false);
    expect(handler.service.credentials).toBeUndefined();
    expect(device.pairingGuids.size).toBe(0);
  });

  it("close() unpublishes and stops the server; idempotent", async () => {
    const handler = handlerFor("1234");
    await handler.begin();
    const port = handler.port!;
    await handler.close();
    await handler.close();
    await using device = await startDmapServer();
    await expect(
      pairWithRemote(device, { address: "127.0.0.1", port, pairingGuid: handler.pairingGuid, pin: "1234" }),
    ).rejects.toThrow();
  });
});
