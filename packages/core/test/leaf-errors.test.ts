import { describe, expect, it } from "vitest";
import {
  AuthenticationError,
  BackOffError,
  InvalidCredentialsError,
  PairingError,
  ProtocolError,
  isLeafError,
  rethrowAsCore,
  toCoreError,
} from "../src/index.js";

/** A leaf package's error as @atv/hap-crypto defines it: own class, core's brand and code strings. */
class LeafError extends Error {
  readonly backOffSeconds: number | undefined;
  constructor(
    readonly code: string,
    message: string,
    backOffSeconds?: number,
  ) {
    super(message);
    this.backOffSeconds = backOffSeconds;
    Object.defineProperty(this, Symbol.for("atv.error"), { value: true });
  }
}

describe("toCoreError", () => {
  it.each([
    ["PAIRING", PairingError],
    ["AUTHENTICATION", AuthenticationError],
    ["INVALID_CREDENTIALS", InvalidCredentialsError],
    ["PROTOCOL", ProtocolError],
  ] as const)("maps a leaf %s error onto core's class, keeping the cause", (code, cls) => {
    const leaf = new LeafError(code, "bad proof");
    const mapped = toCoreError(leaf, "X pairing failed");
    expect(mapped).toBeInstanceOf(cls);
    expect((mapped as Error).message).toBe("X pairing failed: bad proof");
    expect((mapped as Error).cause).toBe(leaf);
  });

  it("keeps the back-off seconds", () => {
    const mapped = toCoreError(new LeafError("BACK_OFF", "wait", 30), "ctx");
    expect(mapped).toBeInstanceOf(BackOffError);
    expect((mapped as BackOffError).backOffSeconds).toBe(30);
    expect((toCoreError(new LeafError("BACK_OFF", "wait"), "ctx") as BackOffError).backOffSeconds).toBe(
      undefined,
    );
  });

  it("returns core errors, unbranded errors, other codes and non-errors unchanged", () => {
    const core = new PairingError("already core");
    const plain = new Error("plain");
    const other = new LeafError("INVALID_RESPONSE", "dns");
    expect(toCoreError(core, "ctx")).toBe(core);
    expect(toCoreError(plain, "ctx")).toBe(plain);
    expect(toCoreError(other, "ctx")).toBe(other);
    expect(toCoreError("text", "ctx")).toBe("text");
    expect(isLeafError(core)).toBe(false);
    expect(isLeafError(other)).toBe(true);
  });

  it("rethrowAsCore throws the mapped error, an Error for a thrown non-error", () => {
    expect(() => rethrowAsCore(new LeafError("PAIRING", "wrong pin"), "ctx")).toThrow(PairingError);
    expect(() => rethrowAsCore("boom", "ctx")).toThrow(new Error("boom"));
  });
});
