import { describe, expect, it } from "vitest";
import {
  BackOffError,
  InvalidStateError,
  ManualService,
  MemoryStorage,
  PairingError,
  PinPairingHandler,
  Protocol,
  AppleTVConfig,
  type CallOptions,
  type PinPairingOptions,
} from "../src/index.js";

class FakeConnection {
  closed = 0;
  close(): Promise<void> {
    this.closed += 1;
    return Promise.resolve();
  }
}

/** A protocol handler whose steps are scripted by the test. */
class FakeHandler extends PinPairingHandler<FakeConnection, PinPairingOptions> {
  readonly connections: FakeConnection[] = [];
  startError: Error | undefined;
  completeError: Error | undefined;
  pins: string[] = [];
  constructor(config: AppleTVConfig | undefined, options: PinPairingOptions = {}) {
    super(
      config,
      new ManualService("id", Protocol.MRP, 49152, {}),
      options,
      "atv:test:pairing",
      "Fake pairing failed",
    );
  }
  protected open(): Promise<FakeConnection> {
    const connection = new FakeConnection();
    this.connections.push(connection);
    return Promise.resolve(connection);
  }
  protected start(): Promise<void> {
    return this.startError === undefined ? Promise.resolve() : Promise.reject(this.startError);
  }
  protected complete(_c: FakeConnection, pin: string, _o: CallOptions): Promise<string> {
    if (this.completeError !== undefined) return Promise.reject(this.completeError);
    this.pins.push(pin);
    return Promise.resolve(`creds-${pin}`);
  }
}

const config = (): AppleTVConfig => new AppleTVConfig({ address: "127.0.0.1", name: "Fake" });

describe("PinPairingHandler", () => {
  it("begin → pin → finish puts the credentials on the service and closes", async () => {
    const handler = new FakeHandler(config());
    expect(handler.deviceProvidesPin).toBe(true);
    await handler.begin();
    handler.pin(42);
    await handler.finish();
    expect(handler.pins).toEqual(["0042"]);
    expect(handler.service.credentials).toBe("creds-0042");
    expect(handler.hasPaired).toBe(true);
    expect(handler.connections[0]?.closed).toBe(1);
    await handler.close();
    expect(handler.connections[0]?.closed).toBe(1);
  });

  it("takes the PIN from the options and saves to storage", async () => {
    const saved: AppleTVConfig[] = [];
    const storage = new (class extends MemoryStorage {
      override updateSettings(cfg: AppleTVConfig): Promise<void> {
        saved.push(cfg);
        return Promise.resolve();
      }
    })();
    const cfg = config();
    const handler = new FakeHandler(cfg, { pin: "7", storage });
    await handler.begin();
    await handler.finish();
    expect(handler.pins).toEqual(["0007"]);
    expect(handler.hasPaired).toBe(true);
    expect(saved).toEqual([cfg]);
  });

  it("refuses a second begin, finish before begin, finish without a PIN and no address", async () => {
    const handler = new FakeHandler(config());
    await expect(handler.finish()).rejects.toThrow(new InvalidStateError("call begin() before finish()"));
    await handler.begin();
    await expect(handler.begin()).rejects.toThrow(new InvalidStateError("pairing already begun"));
    await expect(handler.finish()).rejects.toThrow(new PairingError("no PIN was given"));
    await handler.close();
    await expect(new FakeHandler(undefined).begin()).rejects.toThrow(
      new PairingError("no address to pair with"),
    );
    expect(() => handler.pin("12a")).toThrow(RangeError);
  });

  it("wraps failures in PairingError with the cause, keeps BackOffError, closes after a failed start", async () => {
    const handler = new FakeHandler(config());
    const boom = new Error("socket reset");
    handler.startError = boom;
    const error = await handler.begin().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PairingError);
    expect((error as Error).message).toBe("Fake pairing failed: socket reset");
    expect((error as Error).cause).toBe(boom);
    expect(handler.connections[0]?.closed).toBe(1);

    handler.startError = undefined;
    const backOff = new BackOffError("wait", { backOffSeconds: 5 });
    handler.completeError = backOff;
    await handler.begin();
    handler.pin(1234);
    await expect(handler.finish()).rejects.toBe(backOff);
    expect(handler.hasPaired).toBe(false);
    expect(handler.connections[1]?.closed).toBe(1);
  });
});
