import { describe, expect, it } from "vitest";
import {
  AtvError,
  BackOffError,
  BlockedStateError,
  ConnectionFailedError,
  ErrorCode,
  HttpError,
  NotSupportedError,
  ProtocolError,
  isAtvError,
} from "../src/index.js";

describe("error family", () => {
  it("gives each class a stable code, its name and the cause", () => {
    const cause = new Error("ECONNREFUSED");
    const e = new ConnectionFailedError("could not connect to 127.0.0.1:1", { cause });
    expect(e).toBeInstanceOf(AtvError);
    expect(e.code).toBe(ErrorCode.ConnectionFailed);
    expect(e.name).toBe("ConnectionFailedError");
    expect(e.cause).toBe(cause);
    expect(new NotSupportedError("x").code).toBe("NOT_SUPPORTED");
    expect(new BlockedStateError("x").code).toBe("BLOCKED_STATE");
  });

  it("keeps HttpError a ProtocolError with a status and BackOffError with seconds", () => {
    const http = new HttpError("470 Connection Authorization Required", 470);
    expect(http).toBeInstanceOf(ProtocolError);
    expect(http.statusCode).toBe(470);
    expect(http.code).toBe("HTTP");
    expect(new BackOffError("wait", { backOffSeconds: 30 }).backOffSeconds).toBe(30);
  });

  it("recognises errors across realms by brand, not by prototype", () => {
    const foreign = new Error("from another copy");
    Object.defineProperty(foreign, Symbol.for("atv.error"), { value: true });
    expect(isAtvError(foreign)).toBe(true);
    expect(AtvError.is(new ProtocolError("p"))).toBe(true);
    expect(isAtvError(new Error("plain"))).toBe(false);
    expect(isAtvError(null)).toBe(false);
  });

  it("has distinct codes for every class", () => {
    expect(new Set(Object.values(ErrorCode)).size).toBe(Object.values(ErrorCode).length);
  });
});
