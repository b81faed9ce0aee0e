import { describe, expect, it } from "vitest";
import { AppleTVConfig, BaseService, ManualService, PairingRequirement, Protocol } from "../src/index.js";

function config(): AppleTVConfig {
  return new AppleTVConfig({ address: "10.0.0.2", name: "Living Room" });
}

describe("services", () => {
  it("reads TXT properties case-insensitively", () => {
    const s = new ManualService("id", Protocol.MRP, 49152, { SystemBuildVersion: "18M60" });
    expect(s.properties.get("systembuildversion")).toBe("18M60");
    expect(s.properties.get("SYSTEMBUILDVERSION")).toBe("18M60");
    expect(s.properties.toObject()).toEqual({ SystemBuildVersion: "18M60" });
  });

  it("merges by pyatv's rules: keeps identifier and port, takes truthy credentials/password, merges TXT", () => {
    const a = new BaseService({
      identifier: "A",
      protocol: Protocol.AirPlay,
      port: 7000,
      properties: { x: "1" },
      credentials: "old",
    });
    const b = new BaseService({
      identifier: "B",
      protocol: Protocol.AirPlay,
      port: 7001,
      properties: { X: "2", y: "3" },
      password: "pw",
    });
    a.merge(b);
    expect(a.identifier).toBe("A");
    expect(a.port).toBe(7000);
    expect(a.credentials).toBe("old");
    expect(a.password).toBe("pw");
    expect(a.properties.get("x")).toBe("2");
    expect(a.properties.get("y")).toBe("3");
    a.merge(new BaseService({ protocol: Protocol.AirPlay, port: 1, credentials: "new" }));
    expect(a.credentials).toBe("new");
    expect(() => a.merge(new BaseService({ protocol: Protocol.MRP, port: 1 }))).toThrow(TypeError);
  });

  it("applies only non-null settings and validates the port", () => {
    const s = new ManualService("id", Protocol.RAOP, 7000, {}, { credentials: "c", password: "p" });
    s.apply({ credentials: null, password: "q" });
    s.apply({ credentials: "", password: undefined });
    expect(s.settings()).toEqual({ credentials: "c", password: "q" });
    expect(() => new ManualService("id", Protocol.RAOP, 70000)).toThrow(RangeError);
  });

  it("masks secrets when printed, marks disabled services", () => {
    const s = new ManualService(
      "id",
      Protocol.MRP,
      1,
      {},
      { credentials: "secret", enabled: false, pairing: PairingRequirement.Optional },
    );
    expect(s.toString()).not.toContain("secret");
    expect(s.toString()).toContain("Pairing: Optional");
    expect(s.toString()).toMatch(/\(Disabled\)$/);
  });
});

describe("AppleTVConfig", () => {
  it("picks the identifier in the order MRP, DMAP, AirPlay, RAOP, Companion", () => {
    const c = config();
    expect(c.ready).toBe(false);
    expect(c.identifier).toBeUndefined();
    c.addService(new ManualService("companion-id", Protocol.Companion, 49153));
    expect(c.identifier).toBe("companion-id");
    c.addService(new ManualService("raop-id", Protocol.RAOP, 7000));
    expect(c.identifier).toBe("raop-id");
    c.addService(new ManualService("airplay-id", Protocol.AirPlay, 7000));
    expect(c.identifier).toBe("airplay-id");
    c.addService(new ManualService("dmap-id", Protocol.DMAP, 3689));
    expect(c.identifier).toBe("dmap-id");
    c.addService(new ManualService("mrp-id", Protocol.MRP, 49152));
    expect(c.identifier).toBe("mrp-id");
    expect(c.allIdentifiers).toEqual(["mrp-id", "dmap-id", "airplay-id", "raop-id", "companion-id"]);
    expect(c.ready).toBe(true);
  });

  it("is not ready when no service has an identifier", () => {
    const c = config();
    c.addService(new ManualService(undefined, Protocol.MRP, 1));
    expect(c.ready).toBe(false);
  });

  it("merges a second service of a protocol into the first", () => {
    const c = config();
    c.addService(new ManualService("a", Protocol.MRP, 1));
    c.addService(new ManualService("b", Protocol.MRP, 2, {}, { credentials: "creds" }));
    expect(c.services).toHaveLength(1);
    expect(c.getService(Protocol.MRP)?.identifier).toBe("a");
    expect(c.getService(Protocol.MRP)?.credentials).toBe("creds");
  });

  it("setCredentials returns whether the service exists", () => {
    const c = config();
    c.addService(new ManualService("a", Protocol.MRP, 1));
    expect(c.setCredentials(Protocol.MRP, "x")).toBe(true);
    expect(c.getService(Protocol.MRP)?.credentials).toBe("x");
    expect(c.setCredentials(Protocol.Companion, "x")).toBe(false);
  });

  it("chooses the main service MRP, DMAP, AirPlay, RAOP", () => {
    const c = config();
    c.addService(new ManualService("c", Protocol.Companion, 1));
    expect(() => c.mainService()).toThrow(RangeError);
    c.addService(new ManualService("r", Protocol.RAOP, 1));
    expect(c.mainService().protocol).toBe(Protocol.RAOP);
    c.addService(new ManualService("a", Protocol.AirPlay, 1));
    expect(c.mainService().protocol).toBe(Protocol.AirPlay);
    expect(c.mainService(Protocol.Companion).identifier).toBe("c");
  });

  it("clones deeply and compares by identifier", () => {
    const c = config();
    c.addService(new ManualService("a", Protocol.MRP, 1, { k: "v" }));
    const copy = c.clone();
    expect(copy.sameAs(c)).toBe(true);
    copy.setCredentials(Protocol.MRP, "changed");
    expect(c.getService(Protocol.MRP)?.credentials).toBeUndefined();
    expect(copy.equals(c)).toBe(true);
  });

  it("prints atvremote's scan block without secrets", () => {
    const c = config();
    c.addService(new ManualService("a", Protocol.MRP, 49152, {}, { credentials: "secret" }));
    const text = c.toString();
    expect(text).toContain("Name: Living Room");
    expect(text).toContain("Address: 10.0.0.2");
    expect(text).toContain(" - a");
    expect(text).not.toContain("secret");
  });
});
