import { describe, expect, it } from "vitest";
import { InvalidDmapDataError } from "@atv/core";
import { hex, unhex } from "@atv/test-utils";
import {
  bool,
  container,
  decodeDmap,
  encodeDmap,
  first,
  firstBigUint,
  firstBool,
  firstString,
  firstUint,
  lookupTag,
  str,
  summarize,
  uint,
  type DmapContainer,
} from "../../src/codec/index.js";
import { dmapVector, responseBodies } from "../vectors.js";

describe("DMAP codec against pyatv's capture", () => {
  it("decodes the login response: mlog{mlid=55555}", () => {
    const [login] = responseBodies();
    const nodes = decodeDmap(login!);
    expect(firstUint(nodes, "mlog", "mlid")).toBe(55555);
    expect(summarize(nodes)).toBe("mlog{mlid=55555}");
  });

  it("decodes the play status as the capture's annotated tree, and re-encodes it byte for byte", () => {
    const exchange = dmapVector.exchanges[3]!;
    const body = unhex(exchange.decoded.body_hex!);
    const nodes = decodeDmap(body);
    expect(summarize(nodes)).toBe(
      `cmst{caps=3, cann="music", cana="artist", canl="album", cang="genre", cast=49000, cant=27000, cmmk=2, cavc=True, cmsr=1}`,
    );
    expect(hex(encodeDmap(...nodes))).toBe(exchange.decoded.body_hex);
  });

  it("every DMAP body in the capture round-trips exactly", () => {
    const bodies = responseBodies();
    expect(bodies.length).toBeGreaterThanOrEqual(3);
    for (const body of bodies) expect(hex(encodeDmap(...decodeDmap(body)))).toBe(hex(body));
  });

  it("builds the capture's play status from typed builders", () => {
    const built = encodeDmap(
      container(
        "cmst",
        uint("caps", 3),
        str("cann", "music"),
        str("cana", "artist"),
        str("canl", "album"),
        str("cang", "genre"),
        uint("cast", 49000),
        uint("cant", 27000),
        uint("cmmk", 2),
        bool("cavc", true),
        uint("cmsr", 1),
      ),
    );
    expect(hex(built)).toBe(dmapVector.exchanges[3]!.decoded.body_hex);
  });
});

describe("DMAP codec: dmap.md examples", () => {
  it("§3 idle playstatus", () => {
    const nodes = decodeDmap(
      unhex("636d7374 00000018 6d737474 00000004 000000c8 636d7372 00000004 00000019"),
    );
    expect(firstUint(nodes, "cmst", "mstt")).toBe(200);
    expect(firstUint(nodes, "cmst", "cmsr")).toBe(25);
  });

  it("§5 first 'up' touch step body", () => {
    const body = encodeDmap(uint("cmcc", 0x30, 1), str("cmbe", "touchDown&time=0&point=20,275"));
    expect(hex(body)).toBe(
      "636d63630000000130636d62650000001d746f756368446f776e2674696d653d3026706f696e743d32302c323735",
    );
  });

  it("§9 RAOP metadata item", () => {
    const body = encodeDmap(
      container("mlit", str("minm", "Title"), str("asal", "Album"), str("asar", "Artist")),
    );
    expect(hex(body)).toBe(
      "6d6c6974000000286d696e6d000000055469746c656173616c00000005416c62756d6173617200000006417274697374",
    );
    expect(firstString(decodeDmap(body), "mlit", "asar")).toBe("Artist");
  });

  it("8-byte integers keep full precision (pairing GUID)", () => {
    const nodes = decodeDmap(encodeDmap(container("cmpa", uint("cmpg", 0xabcdef0123456789n, 8))));
    expect(firstBigUint(nodes, "cmpa", "cmpg")).toBe(0xabcdef0123456789n);
  });

  it("repeated tags stay a list; first() returns the first", () => {
    const nodes = decodeDmap(
      encodeDmap(container("mlcl", container("mlit", str("minm", "a")), container("mlit", str("minm", "b")))),
    );
    const list = first(nodes, "mlcl");
    expect(list?.kind === "container" && list.children.length).toBe(2);
    expect(firstString(nodes, "mlcl", "mlit", "minm")).toBe("a");
  });

  it("unknown tags are kept as bytes and skipped by readers", () => {
    const nodes = decodeDmap(unhex("636d7374 00000016 7a7a7a7a 00000002 abcd 6d737474 00000004 000000c8"));
    const inner = (nodes[0] as DmapContainer).children[0]!;
    expect(inner).toMatchObject({ kind: "unknown", tag: "zzzz" });
    expect(firstUint(nodes, "cmst", "mstt")).toBe(200);
    expect(lookupTag("zzzz")).toBeUndefined();
  });

  it("booleans and empty strings", () => {
    const nodes = decodeDmap(encodeDmap(bool("cavc", false), str("cann", "")));
    expect(firstBool(nodes, "cavc")).toBe(false);
    expect(firstString(nodes, "cann")).toBe("");
  });
});

describe("DMAP codec: hostile input", () => {
  const bad = (h: string, message: RegExp): void => {
    expect(() => decodeDmap(unhex(h))).toThrow(InvalidDmapDataError);
    expect(() => decodeDmap(unhex(h))).toThrow(message);
  };

  it("truncated header", () => bad("636d7374 0000", /truncated/));
  it("length beyond the body", () => bad("636d7374 00000010 6d737474 00000004 000000c8", /claims 16 bytes/));
  it("child length beyond its container", () =>
    bad("636d7374 0000000c 6d737474 00000008 000000c8", /claims 8 bytes/));
  it("integer of 9 bytes", () => bad("6d737474 00000009 000000000000000001", /length 9/));
  it("empty integer", () => bad("6d737474 00000000", /length 0/));
  it("boolean of 2 bytes", () => bad("63617663 00000002 0101", /length 2/));
  it("length 0xffffffff", () => bad("636d7374 ffffffff", /claims 4294967295/));

  it("deep nesting is refused before the stack grows", () => {
    let body: Uint8Array = new Uint8Array(0);
    for (let i = 0; i < 10_000; i++) body = encodeDmap({ kind: "unknown", tag: "cmst", value: body });
    expect(() => decodeDmap(body)).toThrow(/nesting deeper than 32/);
    let ok = encodeDmap(uint("mstt", 1));
    for (let i = 0; i < 32; i++) ok = encodeDmap({ kind: "unknown", tag: "cmst", value: ok });
    expect(decodeDmap(ok)).toHaveLength(1);
  });

  it("input beyond maxBytes is refused", () => {
    expect(() => decodeDmap(new Uint8Array(100), { maxBytes: 99 })).toThrow(/exceeds the limit/);
  });

  it("wrongly typed reads are typed errors", () => {
    const nodes = decodeDmap(encodeDmap(container("cmst", str("cann", "x"))));
    expect(() => firstUint(nodes, "cmst", "cann")).toThrow(InvalidDmapDataError);
  });

  it("builders refuse bad tags and values", () => {
    expect(() => str("toolong", "x")).toThrow(TypeError);
    expect(() => uint("mstt", 256, 1)).toThrow(RangeError);
    expect(() => uint("mstt", -1)).toThrow(RangeError);
  });
});
