/** Responder lifecycle over real loopback sockets: start/close, update, abort, malformed queries. */
import { describe, expect, it } from "vitest";
import type { DnsDecodeError } from "../src/index.js";
import {
  browseAll,
  createResponder,
  decodeMessage,
  encodeMessage,
  RecordType,
  Responder,
} from "../src/index.js";
import { fakeAppleTv } from "./fixtures.js";
import { sendAndReceive } from "./udp-helpers.js";

const ptrQuery = (type: string) =>
  encodeMessage({
    id: 7,
    flags: 0,
    questions: [{ name: type, type: RecordType.PTR }],
    answers: [],
    authorities: [],
    additionals: [],
  });

describe("Responder", () => {
  it("binds an ephemeral port when given 0, and close() is idempotent", async () => {
    const r = createResponder({
      services: fakeAppleTv("127.0.0.1"),
      unicast: { address: "127.0.0.1", port: 0 },
    });
    expect(r.port).toBe(0);
    await r.start();
    expect(r.port).toBeGreaterThan(0);
    await expect(r.start()).rejects.toThrow(/already/);
    await r.close();
    await r.close();
    expect(r.port).toBe(0);
  });

  it("update() replaces the published services", async () => {
    await using r = createResponder({
      services: fakeAppleTv("127.0.0.1"),
      unicast: { address: "127.0.0.1", port: 0 },
    });
    await r.start();
    const before = decodeMessage(await sendAndReceive(ptrQuery("_airplay._tcp.local"), "127.0.0.1", r.port));
    expect(before.answers).toHaveLength(1);
    r.update([
      {
        type: "_hscp._tcp",
        name: "Music",
        port: 3689,
        address: "127.0.0.1",
        properties: { "Machine ID": "ABC" },
      },
    ]);
    const gone = decodeMessage(await sendAndReceive(ptrQuery("_airplay._tcp.local"), "127.0.0.1", r.port));
    expect(gone.answers).toHaveLength(0);
    const [device] = await browseAll({
      serviceTypes: ["_hscp._tcp"],
      hosts: ["127.0.0.1"],
      port: r.port,
      knock: false,
      timeoutMs: 5000,
    });
    expect(device?.services.map((s) => [s.name, s.port, s.properties["machine id"]])).toEqual([
      ["Music", 3689, "ABC"],
    ]);
    expect(device?.name).toBeUndefined();
  });

  it("closes when its signal aborts", async () => {
    const controller = new AbortController();
    const r = new Responder({
      services: fakeAppleTv("127.0.0.1"),
      unicast: { address: "127.0.0.1", port: 0 },
      signal: controller.signal,
    });
    await r.start();
    controller.abort();
    await new Promise((res) => setTimeout(res, 10));
    expect(r.port).toBe(0);
    await expect(
      new Responder({
        services: [],
        unicast: { address: "127.0.0.1", port: 0 },
        signal: AbortSignal.abort(),
      }).start(),
    ).rejects.toThrow();
  });

  it("reports malformed queries and keeps answering", async () => {
    await using r = createResponder({
      services: fakeAppleTv("127.0.0.1"),
      unicast: { address: "127.0.0.1", port: 0 },
    });
    const errors: DnsDecodeError[] = [];
    r.on("malformed", (e) => errors.push(e));
    await r.start();
    await expect(
      sendAndReceive(
        Uint8Array.of(0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xc0, 0x0c, 0, 1, 0, 1),
        "127.0.0.1",
        r.port,
        300,
      ),
    ).rejects.toThrow(/no answer/);
    expect(errors.map((e) => e.reason)).toEqual(["pointer-loop"]);
    expect(
      decodeMessage(await sendAndReceive(ptrQuery("_raop._tcp.local"), "127.0.0.1", r.port)).answers,
    ).toHaveLength(1);
  });

  it("rejects bad options", () => {
    expect(() => createResponder({ services: [] })).toThrow(TypeError);
    expect(() => createResponder({ services: [], unicast: { address: "localhost", port: 0 } })).toThrow(
      TypeError,
    );
    expect(() => createResponder({ services: [], multicast: { interfaceAddress: "::1" } })).toThrow(
      TypeError,
    );
    expect(() =>
      createResponder({
        services: [{ type: "_x._tcp", name: "a", port: -1, address: "127.0.0.1" }],
        unicast: { address: "127.0.0.1", port: 0 },
      }),
    ).toThrow(RangeError);
  });
});
