import { describe, expect, it } from "vitest";
import {
  AppleTV,
  AppleTVConfig,
  BlockedStateError,
  ConnectionLostError,
  FeatureName,
  FeatureState,
  InputAction,
  InvalidStateError,
  ManualService,
  NotSupportedError,
  Playing,
  PowerState,
  ProtocolError,
  Protocol,
  PushUpdaterBase,
  TypedEmitter,
  Relayer,
  createSettings,
  featureInfo,
  type DeviceEvents,
  type PowerEvents,
  type ProtocolInterfaces,
  type ProtocolSetup,
} from "../src/index.js";

class FakeUpdater extends PushUpdaterBase {
  starts = 0;
  protected onStart(): void {
    this.starts++;
  }
  protected onStop(): void {}
  push(p: Playing): void {
    this.postUpdate(p);
  }
}

class FakeEvents extends TypedEmitter<DeviceEvents> {
  lose(e: Error): void {
    this.emit("connectionLost", e);
  }
}

class FakePower extends TypedEmitter<PowerEvents> {
  powerState: PowerState = PowerState.On;
  change(to: PowerState): void {
    const old = this.powerState;
    this.powerState = to;
    this.emit("powerStateChanged", old, to);
  }
}

interface Fake {
  setup: ProtocolSetup;
  calls: string[];
  closes: number;
  events: FakeEvents;
}

function fake(
  protocol: Protocol,
  interfaces: (calls: string[]) => ProtocolInterfaces,
  features: FeatureName[] = [],
): Fake {
  const calls: string[] = [];
  const events = new FakeEvents();
  const f: Fake = {
    calls,
    closes: 0,
    events,
    setup: {
      protocol,
      interfaces: interfaces(calls),
      features: new Set(features),
      connect: () => Promise.resolve(),
      close: () => {
        f.closes++;
        return Promise.resolve();
      },
      deviceInfo: () => ({ mac: `mac-of-${protocol}` }),
      events,
    },
  };
  return f;
}

function device(...fakes: Fake[]): AppleTV {
  const config = new AppleTVConfig({ address: "127.0.0.1", name: "Test" });
  config.addService(new ManualService("mrp-id", Protocol.MRP, 1));
  const atv = new AppleTV(config, createSettings());
  for (const f of fakes) atv.addSetup(f.setup);
  return atv;
}

const recorder = (name: string) => (calls: string[]) => ({
  remoteControl: {
    up: (action?: number) => {
      calls.push(`${name}.up(${action ?? ""})`);
      return Promise.resolve();
    },
    play: () => {
      calls.push(`${name}.play`);
      return Promise.resolve();
    },
  },
});

describe("facade relaying", () => {
  it("sends a call to the highest-priority protocol that implements it (MRP > DMAP > Companion > AirPlay > RAOP)", async () => {
    const raop = fake(Protocol.RAOP, recorder("raop"));
    const companion = fake(Protocol.Companion, (calls) => ({
      remoteControl: {
        up: () => {
          calls.push("companion.up");
          return Promise.resolve();
        },
      },
    }));
    const mrp = fake(Protocol.MRP, recorder("mrp"));
    const atv = device(raop, companion, mrp);
    await atv.connect();
    await atv.remoteControl.up(InputAction.Hold);
    await atv.remoteControl.play();
    expect(mrp.calls).toEqual(["mrp.up(2)", "mrp.play"]);
    expect(companion.calls).toEqual([]);
  });

  it("falls through to a lower protocol for members the higher one lacks", async () => {
    const companion = fake(Protocol.Companion, (calls) => ({
      apps: {
        appList: () => {
          calls.push("companion.appList");
          return Promise.resolve([]);
        },
      },
    }));
    const mrp = fake(Protocol.MRP, recorder("mrp"));
    const atv = device(mrp, companion);
    await atv.connect();
    await atv.apps.appList();
    expect(companion.calls).toEqual(["companion.appList"]);
  });

  it("throws NotSupportedError when no protocol implements a call", async () => {
    const atv = device(fake(Protocol.MRP, recorder("mrp")));
    await atv.connect();
    const pending = atv.remoteControl.guide(); // a Promise-returning method never throws synchronously
    await expect(pending).rejects.toBeInstanceOf(NotSupportedError);
    expect(() => atv.keyboard.textFocusState).toThrow(NotSupportedError);
  });

  it("prefers Companion for power", async () => {
    const mrpPower = new FakePower();
    mrpPower.powerState = PowerState.Off;
    const companionPower = new FakePower();
    const mrp = fake(Protocol.MRP, () => ({ power: mrpPower }));
    const companion = fake(Protocol.Companion, () => ({ power: companionPower }));
    const atv = device(mrp, companion);
    await atv.connect();
    expect(atv.power.powerState).toBe(PowerState.On);
    const seen: [PowerState, PowerState][] = [];
    atv.power.on("powerStateChanged", (o, n) => seen.push([o, n]));
    companionPower.change(PowerState.Off);
    mrpPower.change(PowerState.Off); // same state again: not repeated
    expect(seen).toEqual([[PowerState.On, PowerState.Off]]);
  });

  it("blocks every call after close(), which is idempotent", async () => {
    const mrp = fake(Protocol.MRP, recorder("mrp"));
    const atv = device(mrp);
    await atv.connect();
    const first = atv.close();
    expect(atv.close()).toBe(first);
    await first;
    await atv[Symbol.asyncDispose]();
    expect(mrp.closes).toBe(1);
    const play = atv.remoteControl.play(); // rejects, never throws synchronously
    await expect(play).rejects.toBeInstanceOf(BlockedStateError);
    expect(() => atv.features.getFeature(FeatureName.Play)).toThrow(BlockedStateError);
    expect(() => atv.metadata.deviceId).toThrow(BlockedStateError);
    await expect(atv.connect()).rejects.toBeInstanceOf(BlockedStateError);
  });

  it("refuses to connect twice", async () => {
    const atv = device(fake(Protocol.MRP, recorder("mrp")));
    await atv.connect();
    await expect(atv.connect()).rejects.toBeInstanceOf(InvalidStateError);
  });

  it("routes taken-over interfaces to the streaming protocol until released", async () => {
    const mrp = fake(Protocol.MRP, recorder("mrp"));
    const raop = fake(Protocol.RAOP, recorder("raop"));
    const atv = device(mrp, raop);
    await atv.connect();
    const release = atv.takeover(Protocol.RAOP, "remoteControl", "metadata");
    await atv.remoteControl.play();
    expect(() => atv.takeover(Protocol.AirPlay, "remoteControl")).toThrow(InvalidStateError);
    release();
    release();
    await atv.remoteControl.play();
    expect(raop.calls).toEqual(["raop.play"]);
    expect(mrp.calls).toEqual(["mrp.play"]);
  });

  it("during a takeover, members the taking protocol lacks fall back to the others by priority (pyatv)", async () => {
    const mrp = fake(Protocol.MRP, recorder("mrp"));
    const raop = fake(Protocol.RAOP, () => ({
      remoteControl: {
        play: () => Promise.resolve(), // RAOP implements play only
      },
    }));
    const atv = device(mrp, raop);
    await atv.connect();
    const release = atv.takeover(Protocol.RAOP, "remoteControl");
    await atv.remoteControl.up(); // not RAOP's: MRP still answers
    expect(mrp.calls).toEqual(["mrp.up()"]);
    release();
  });

  it("mainInstance is the taking protocol's, else the highest priority; never undefined", () => {
    const relayer = new Relayer("remoteControl");
    expect(() => relayer.mainInstance).toThrow(NotSupportedError);
    const mrp = { play: () => Promise.resolve() };
    const raop = { play: () => Promise.resolve() };
    relayer.register(Protocol.RAOP, raop);
    relayer.register(Protocol.MRP, mrp);
    expect(relayer.mainInstance).toBe(mrp);
    relayer.takeover(Protocol.RAOP);
    expect(relayer.mainInstance).toBe(raop);
    relayer.release();
    relayer.takeover(Protocol.AirPlay); // took over but registered nothing here: fall back
    expect(relayer.mainInstance).toBe(mrp);
    expect(relayer.relay("play")).toBe(mrp);
  });

  it("does not partially take over when one interface is already taken", async () => {
    const atv = device(fake(Protocol.MRP, recorder("mrp")), fake(Protocol.RAOP, recorder("raop")));
    await atv.connect();
    const release = atv.takeover(Protocol.RAOP, "metadata");
    expect(() => atv.takeover(Protocol.AirPlay, "remoteControl", "metadata")).toThrow(InvalidStateError);
    release();
    expect(() => atv.takeover(Protocol.AirPlay, "remoteControl")).not.toThrow();
  });

  it("relays a getter that returns undefined instead of calling it unsupported", async () => {
    const atv = device(
      fake(Protocol.MRP, () => ({
        metadata: {
          get app() {
            return undefined;
          },
        },
      })),
    );
    await atv.connect();
    expect(atv.metadata.app).toBeUndefined();
    expect(() => atv.metadata.artworkId).toThrow(NotSupportedError);
  });

  it("validates volume levels", async () => {
    const atv = device(
      fake(Protocol.MRP, () => ({
        audio: { volume: 150, setVolume: () => Promise.resolve() },
      })),
    );
    await atv.connect();
    expect(() => atv.audio.volume).toThrow(ProtocolError);
    await expect(atv.audio.setVolume(101)).rejects.toBeInstanceOf(ProtocolError);
    await expect(atv.audio.setVolume(-1)).rejects.toBeInstanceOf(ProtocolError);
    await expect(atv.audio.setVolume(50)).resolves.toBeUndefined();
  });
});

describe("Promise-returning facade methods reject instead of throwing", () => {
  it("when closed (BlockedStateError) and when nothing implements them (NotSupportedError)", async () => {
    const atv = device(fake(Protocol.MRP, recorder("mrp")));
    await atv.connect();
    const unsupported: (() => Promise<unknown>)[] = [
      () => atv.remoteControl.stop(),
      () => atv.metadata.playing(),
      () => atv.metadata.artwork(),
      () => atv.power.turnOn(),
      () => atv.audio.volumeUp(),
      () => atv.audio.setOutputDevices([]),
      () => atv.apps.appList(),
      () => atv.userAccounts.accountList(),
      () => atv.keyboard.textGet(),
      () => atv.touch.click(InputAction.SingleTap),
      () => atv.stream.streamFile("x"),
      () => atv.stream.playUrl("http://127.0.0.1/x"),
    ];
    for (const call of unsupported) {
      let pending: Promise<unknown> | undefined;
      expect(() => (pending = call())).not.toThrow();
      await expect(pending).rejects.toBeInstanceOf(NotSupportedError);
    }
    await atv.close();
    for (const call of [...unsupported, () => atv.remoteControl.play(), () => atv.audio.setVolume(10)]) {
      let pending: Promise<unknown> | undefined;
      expect(() => (pending = call())).not.toThrow();
      await expect(pending).rejects.toBeInstanceOf(BlockedStateError);
    }
  });
});

describe("event maps", () => {
  it("a misspelt event name does not compile (no index signature; checked by tsc)", () => {
    const atv = device(fake(Protocol.MRP, recorder("mrp")));
    // @ts-expect-error: "playnig" is not a push-updater event
    atv.pushUpdater.on("playnig", () => undefined);
    // @ts-expect-error: "connectionLots" is not a device event
    atv.on("connectionLots", () => undefined);
    expect(atv.pushUpdater.listenerCount("playing")).toBe(0);
  });
});

describe("facade features", () => {
  it("answers each feature from the highest-priority protocol that registered it", async () => {
    const mrp = fake(
      Protocol.MRP,
      () => ({ features: { getFeature: () => featureInfo(FeatureState.Unavailable) } }),
      [FeatureName.Play],
    );
    const companion = fake(
      Protocol.Companion,
      () => ({ features: { getFeature: () => featureInfo(FeatureState.Available) } }),
      [FeatureName.Play, FeatureName.AppList],
    );
    const atv = device(companion, mrp);
    await atv.connect();
    expect(atv.features.getFeature(FeatureName.Play).state).toBe(FeatureState.Unavailable);
    expect(atv.features.getFeature(FeatureName.AppList).state).toBe(FeatureState.Available);
    expect(atv.features.getFeature(FeatureName.Guide).state).toBe(FeatureState.Unsupported);
    expect(atv.features.inState(FeatureState.Available, FeatureName.AppList)).toBe(true);
    expect(
      atv.features.inState(
        [FeatureState.Available, FeatureState.Unavailable],
        FeatureName.AppList,
        FeatureName.Play,
      ),
    ).toBe(true);
    expect(atv.features.inState(FeatureState.Available, FeatureName.AppList, FeatureName.Play)).toBe(false);
    const all = atv.features.allFeatures();
    expect([...all.keys()].sort()).toEqual([FeatureName.Play, FeatureName.AppList].sort());
    expect(atv.features.allFeatures(true).size).toBe(68);
  });

  it("reports PushUpdates when any protocol has a push updater", async () => {
    const atv = device(fake(Protocol.MRP, () => ({ pushUpdater: new FakeUpdater() })));
    await atv.connect();
    expect(atv.features.getFeature(FeatureName.PushUpdates).state).toBe(FeatureState.Available);
    const none = device(fake(Protocol.MRP, recorder("mrp")));
    await none.connect();
    expect(none.features.getFeature(FeatureName.PushUpdates).state).toBe(FeatureState.Unsupported);
  });
});

describe("facade push updates", () => {
  it("starts every updater, forwards only the main one, and iterates", async () => {
    const mrpUpdater = new FakeUpdater();
    const raopUpdater = new FakeUpdater();
    const atv = device(
      fake(Protocol.MRP, () => ({ pushUpdater: mrpUpdater })),
      fake(Protocol.RAOP, () => ({ pushUpdater: raopUpdater })),
    );
    await atv.connect();
    const ac = new AbortController();
    const received: (string | undefined)[] = [];
    const loop = (async () => {
      for await (const p of atv.pushUpdater.updates({ signal: ac.signal })) {
        received.push(p.title);
        if (received.length === 2) ac.abort();
      }
    })();
    atv.pushUpdater.start();
    expect(atv.pushUpdater.active).toBe(true);
    expect([mrpUpdater.starts, raopUpdater.starts]).toEqual([1, 1]);
    raopUpdater.push(new Playing({ title: "from raop" }));
    mrpUpdater.push(new Playing({ title: "one" }));
    mrpUpdater.push(new Playing({ title: "one" })); // unchanged: not re-sent
    mrpUpdater.push(new Playing({ title: "two" }));
    await loop;
    expect(received).toEqual(["one", "two"]);
    atv.pushUpdater.stop();
    expect(mrpUpdater.active).toBe(false);
  });

  it("updates() ends when the device is closed", async () => {
    const updater = new FakeUpdater();
    const atv = device(fake(Protocol.MRP, () => ({ pushUpdater: updater })));
    await atv.connect();
    atv.pushUpdater.start();
    const received: (string | undefined)[] = [];
    const loop = (async () => {
      for await (const p of atv.pushUpdater.updates()) received.push(p.title);
      return "ended";
    })();
    updater.push(new Playing({ title: "one" }));
    await new Promise((resolve) => setTimeout(resolve, 0));
    await atv.close();
    await expect(loop).resolves.toBe("ended");
    expect(received).toEqual(["one"]);
  });

  it("updates() throws ConnectionLostError when the connection is lost", async () => {
    const updater = new FakeUpdater();
    const mrp = fake(Protocol.MRP, () => ({ pushUpdater: updater }));
    const atv = device(mrp);
    await atv.connect();
    atv.pushUpdater.start();
    const loop = (async () => {
      for await (const _ of atv.pushUpdater.updates()) void _;
    })();
    const loss = new ConnectionLostError("gone");
    mrp.events.lose(loss);
    await expect(loop).rejects.toBe(loss);
  });

  it("forwards the streaming protocol's updates during a takeover", async () => {
    const mrpUpdater = new FakeUpdater();
    const raopUpdater = new FakeUpdater();
    const atv = device(
      fake(Protocol.MRP, () => ({ pushUpdater: mrpUpdater })),
      fake(Protocol.RAOP, () => ({ pushUpdater: raopUpdater })),
    );
    await atv.connect();
    const titles: (string | undefined)[] = [];
    atv.pushUpdater.on("playing", (p) => titles.push(p.title));
    atv.pushUpdater.start();
    const release = atv.takeover(Protocol.RAOP, "pushUpdater");
    raopUpdater.push(new Playing({ title: "streamed" }));
    mrpUpdater.push(new Playing({ title: "ignored" }));
    release();
    expect(titles).toEqual(["streamed"]);
  });
});

describe("facade device events and info", () => {
  it("sends connectionLost once, merges device info", async () => {
    const mrp = fake(Protocol.MRP, recorder("mrp"));
    const companion = fake(Protocol.Companion, recorder("companion"));
    const atv = device(mrp, companion);
    await atv.connect();
    const lost: Error[] = [];
    atv.on("connectionLost", (e) => lost.push(e));
    mrp.events.lose(new ConnectionLostError("socket closed"));
    companion.events.lose(new ConnectionLostError("socket closed too"));
    expect(lost).toHaveLength(1);
    expect(atv.deviceInfo.mac).toBe(`mac-of-${Protocol.MRP}`);
    await atv.close(); // the loss already closed it: close() stays idempotent
    expect([mrp.closes, companion.closes]).toEqual([1, 1]);
    expect(atv.service.protocol).toBe(Protocol.MRP);
  });

  it("closes itself when a connection is lost (pyatv): every call then fails with a typed error", async () => {
    const mrp = fake(Protocol.MRP, recorder("mrp"));
    const companion = fake(Protocol.Companion, recorder("companion"));
    const atv = device(mrp, companion);
    await atv.connect();
    const loss = new ConnectionLostError("socket reset");
    mrp.events.lose(loss);
    expect(atv.closed).toBe(true);
    const error: unknown = await atv.remoteControl.play().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionLostError);
    expect((error as Error).cause).toBe(loss);
    expect(() => atv.features.getFeature(FeatureName.Play)).toThrow(ConnectionLostError);
    const closing = atv.close();
    expect(atv.close()).toBe(closing);
    await closing;
    expect([mrp.closes, companion.closes]).toEqual([1, 1]);
  });

  it("a cleanly closed connection closes the device too", async () => {
    const mrp = fake(Protocol.MRP, recorder("mrp"));
    const atv = device(mrp);
    await atv.connect();
    const events: string[] = [];
    atv.on("connectionClosed", () => events.push("closed"));
    (mrp.events as unknown as { emit(e: string): void }).emit("connectionClosed");
    expect(events).toEqual(["closed"]);
    expect(atv.closed).toBe(true);
    await expect(atv.remoteControl.play()).rejects.toBeInstanceOf(BlockedStateError);
  });

  it("closes every protocol when one fails to connect", async () => {
    const ok = fake(Protocol.MRP, recorder("mrp"));
    const bad = fake(Protocol.Companion, recorder("companion"));
    (bad.setup as { connect: () => Promise<void> }).connect = () =>
      Promise.reject(new ConnectionLostError("refused"));
    const atv = device(ok, bad);
    await expect(atv.connect()).rejects.toBeInstanceOf(ConnectionLostError);
    expect(ok.closes).toBe(1);
    expect(atv.closed).toBe(true);
  });
});
