import { afterEach, describe, expect, it } from "vitest";
import { createLogger, hexPreview } from "../src/logger.js";

describe("createLogger", () => {
  const saved = process.env["DEBUG"];
  afterEach(() => {
    if (saved === undefined) delete process.env["DEBUG"];
    else process.env["DEBUG"] = saved;
  });

  it("is a disabled no-op while DEBUG is unset, then a debug logger once it is set", () => {
    delete process.env["DEBUG"];
    const off = createLogger("atv:test");
    expect(off.enabled).toBe(false);
    expect(off("nothing %s", "logged")).toBeUndefined();

    process.env["DEBUG"] = "atv:test*";
    expect(createLogger("atv:test").enabled).toBe(true);
    expect(createLogger("atv:other").enabled).toBe(false);
    // debug keeps the namespaces it read when it was loaded, as it always did.
    delete process.env["DEBUG"];
    expect(createLogger("atv:test:more").enabled).toBe(true);
  });
});

describe("hexPreview", () => {
  it("truncates with the total length", () => {
    expect(hexPreview(new Uint8Array([1, 2, 3]), 2)).toBe("0102… (3 bytes)");
    expect(hexPreview(new Uint8Array([0xab]))).toBe("ab");
  });
});
