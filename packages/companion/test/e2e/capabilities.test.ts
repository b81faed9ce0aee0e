/** Every Companion capability end to end: facade → client → loopback → device side. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  App,
  CommandError,
  FeatureName,
  FeatureState,
  InputAction,
  KeyboardFocusState,
  PowerState,
  TouchAction,
  UserAccount,
  type AppleTV,
} from "@atv/core";
import { until } from "@atv/test-utils";
import {
  HidCommand,
  MediaControlCommand,
  MediaControlFlags,
  SystemStatus,
} from "../../src/codec/constants.js";
import { CompanionRequestError } from "../../src/errors.js";
import { startCompanionServer, type CompanionServer } from "../../src/server/index.js";
import { connectFacade } from "../helpers/facade.js";
import { pairWith } from "../helpers/paired.js";

let server: CompanionServer;
let atv: AppleTV;
beforeEach(async () => {
  server = await startCompanionServer();
  atv = await connectFacade(server, await pairWith(server));
});
afterEach(async () => {
  await atv.close();
  await server.close();
});

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
/** The device has processed the client's three `_interest` registrations (events have no answer). */
const subscribed = (): Promise<boolean> =>
  until(() => server.state.received.filter((i) => i === "_interest").length >= 3, { what: "subscriptions" });
const lastButton = (): unknown => server.state.buttons.at(-1);

describe("apps and accounts", () => {
  it("lists and launches apps, by bundle id and by URL", async () => {
    expect(await atv.apps.appList()).toEqual([
      new App("Music", "com.apple.TVMusic"),
      new App("Netflix", "com.netflix.Netflix"),
    ]);
    expect((await atv.apps.appList()).map(String).join(", ")).toBe(
      "App: Music (com.apple.TVMusic), App: Netflix (com.netflix.Netflix)",
    );
    await atv.apps.launchApp("com.netflix.Netflix");
    expect(server.state.activeApp).toBe("com.netflix.Netflix");
    await atv.apps.launchApp("https://tv.apple.com/show/1");
    expect(server.state.openedUrls).toEqual(["https://tv.apple.com/show/1"]);
    await expect(atv.apps.launchApp("com.example.missing")).rejects.toThrow(CommandError);
  });

  it("lists and switches accounts", async () => {
    const accounts = await atv.userAccounts.accountList();
    expect(accounts).toEqual([new UserAccount("Alice", "account-1"), new UserAccount("Bob", "account-2")]);
    expect(accounts.map(String).join(", ")).toBe("Account: Alice (account-1), Account: Bob (account-2)");
    await atv.userAccounts.switchAccount("account-2");
    expect(server.state.activeAccount).toBe("account-2");
    await expect(atv.userAccounts.switchAccount("nobody")).rejects.toThrow(CompanionRequestError);
  });
});

describe("power", () => {
  it("reports the state from FetchAttentionState and SystemStatus events", async () => {
    await subscribed();
    expect(atv.power.powerState).toBe(PowerState.On);
    const changes: [PowerState, PowerState][] = [];
    atv.power.on("powerStateChanged", (o, n) => changes.push([o, n]));
    server.useCases.powerOff();
    await until(() => atv.power.powerState === PowerState.Off, { what: "Off" });
    server.useCases.setSystemStatus(SystemStatus.Screensaver);
    await until(() => atv.power.powerState === PowerState.On, { what: "On" });
    expect(changes).toEqual([
      [PowerState.On, PowerState.Off],
      [PowerState.Off, PowerState.On],
    ]);
  });

  it("turnOff/turnOn send Sleep/Wake and can await the new state", async () => {
    await atv.power.turnOff({ awaitNewState: true });
    expect(server.state.poweredOn).toBe(false);
    expect(lastButton()).toEqual({ code: HidCommand.Sleep, action: InputAction.SingleTap });
    await atv.power.turnOn({ awaitNewState: true });
    expect(server.state.poweredOn).toBe(true);
    expect(atv.power.powerState).toBe(PowerState.On);
  });
});

describe("remote control", () => {
  it.each([
    ["up", HidCommand.Up],
    ["down", HidCommand.Down],
    ["left", HidCommand.Left],
    ["right", HidCommand.Right],
    ["select", HidCommand.Select],
    ["menu", HidCommand.Menu],
    ["home", HidCommand.Home],
  ] as const)("%s taps and double taps", async (name, code) => {
    await atv.remoteControl[name]();
    expect(lastButton()).toEqual({ code, action: InputAction.SingleTap });
    await sleep(400); // the device would otherwise pair this tap with the next one
    await atv.remoteControl[name](InputAction.DoubleTap);
    expect(lastButton()).toEqual({ code, action: InputAction.DoubleTap });
  });

  it("holds for a second", async () => {
    await atv.remoteControl.select(InputAction.Hold);
    expect(lastButton()).toEqual({ code: HidCommand.Select, action: InputAction.Hold });
  });

  it.each([
    ["channelUp", HidCommand.ChannelIncrement],
    ["channelDown", HidCommand.ChannelDecrement],
    ["guide", HidCommand.Guide],
    ["controlCenter", HidCommand.PageDown],
    ["playPause", HidCommand.PlayPause],
  ] as const)("%s is a _hidC button", async (name, code) => {
    await atv.remoteControl[name]();
    expect(lastButton()).toEqual({ code, action: InputAction.SingleTap });
  });

  it("screensaver", async () => {
    await atv.remoteControl.screensaver();
    expect(lastButton()).toEqual({ code: HidCommand.Screensaver, action: InputAction.SingleTap });
    expect(server.state.systemStatus).toBe(SystemStatus.Screensaver);
  });

  it("playback goes over _mcc", async () => {
    await atv.remoteControl.play();
    await atv.remoteControl.pause();
    await atv.remoteControl.next();
    await atv.remoteControl.previous();
    await atv.remoteControl.skipForward();
    await atv.remoteControl.skipBackward(5);
    expect(server.state.mediaCommands).toEqual([
      { command: MediaControlCommand.Play, args: {} },
      { command: MediaControlCommand.Pause, args: {} },
      { command: MediaControlCommand.NextTrack, args: {} },
      { command: MediaControlCommand.PreviousTrack, args: {} },
      { command: MediaControlCommand.SkipBy, args: { _skpS: 10 } },
      { command: MediaControlCommand.SkipBy, args: { _skpS: -5 } },
    ]);
  });
});

describe("audio", () => {
  it("learns the volume from _iMC, sets and steps it", async () => {
    await until(() => atv.audio.volume === 50, { what: "initial volume" });
    const changes: number[] = [];
    atv.audio.on("volumeChanged", (_o, n) => changes.push(n));
    await atv.audio.setVolume(20);
    expect(atv.audio.volume).toBeCloseTo(20);
    expect(server.state.volume).toBeCloseTo(0.2);
    await atv.audio.volumeUp();
    expect(atv.audio.volume).toBeCloseTo(25);
    await atv.audio.volumeDown();
    expect(atv.audio.volume).toBeCloseTo(20);
    expect(changes.map(Math.round)).toEqual([20, 25, 20]);
  });

  it("features follow the _iMC flags", async () => {
    await until(() => atv.features.getFeature(FeatureName.Play).state === FeatureState.Available, {
      what: "flags",
    });
    expect(atv.features.inState(FeatureState.Available, FeatureName.Volume, FeatureName.SetVolume)).toBe(
      true,
    );
    server.useCases.setMediaControlFlags(MediaControlFlags.Play);
    await until(() => atv.features.getFeature(FeatureName.Volume).state === FeatureState.Unavailable, {
      what: "no volume",
    });
    expect(atv.features.getFeature(FeatureName.Play).state).toBe(FeatureState.Available);
    expect(atv.audio.volume).toBe(0);
    expect(
      atv.features.inState(
        FeatureState.Available,
        FeatureName.AppList,
        FeatureName.LaunchApp,
        FeatureName.AccountList,
        FeatureName.SwitchAccount,
        FeatureName.TurnOn,
        FeatureName.TurnOff,
        FeatureName.PowerState,
        FeatureName.TextSet,
        FeatureName.Swipe,
        FeatureName.ChannelUp,
        FeatureName.ControlCenter,
      ),
    ).toBe(true);
  });
});

describe("keyboard", () => {
  it("follows focus and reads, sets, appends and clears text", async () => {
    expect(atv.keyboard.textFocusState).toBe(KeyboardFocusState.Unfocused);
    expect(await atv.keyboard.textGet()).toBeUndefined();
    const changes: KeyboardFocusState[] = [];
    atv.keyboard.on("focusStateChanged", (_o, n) => changes.push(n));
    server.useCases.focusKeyboard("Fake");
    await until(() => atv.keyboard.textFocusState === KeyboardFocusState.Focused, { what: "focus" });
    expect(await atv.keyboard.textGet()).toBe("Fake");
    await atv.keyboard.textAppend(" text");
    await until(() => server.state.keyboard?.text === "Fake text", { what: "appended" });
    await atv.keyboard.textSet("héllo");
    await until(() => server.state.keyboard?.text === "héllo", { what: "set" });
    expect(await atv.keyboard.textGet()).toBe("héllo");
    await atv.keyboard.textClear();
    await until(() => server.state.keyboard?.text === "", { what: "cleared" });
    server.useCases.unfocusKeyboard();
    await until(() => atv.keyboard.textFocusState === KeyboardFocusState.Unfocused, { what: "unfocus" });
    expect(changes).toEqual([KeyboardFocusState.Focused, KeyboardFocusState.Unfocused]);
  });
});

describe("touch", () => {
  it("swipes from start to end with interpolated moves", async () => {
    await atv.touch.swipe(100, 500, 900, 500, 200);
    await until(() => server.state.touches.at(-1)?.phase === TouchAction.Release, { what: "release" });
    const touches = server.state.touches;
    expect(touches[0]).toMatchObject({ x: 100, y: 500, phase: TouchAction.Press });
    expect(touches.at(-1)).toMatchObject({ x: 900, y: 500, phase: TouchAction.Release });
    const moves = touches.slice(1, -1);
    expect(moves.length).toBeGreaterThan(2);
    for (const m of moves) expect(m.phase).toBe(TouchAction.Hold);
    const xs = moves.map((m) => m.x);
    expect([...xs].sort((a, b) => a - b)).toEqual(xs);
    expect(touches.map((t) => t.ns)).toEqual([...touches.map((t) => t.ns)].sort((a, b) => a - b));
  });

  it("action clamps to the pad; click presses Select then clicks", async () => {
    await atv.touch.action(-5, 2000, TouchAction.Press);
    await until(() => server.state.touches.length === 1, { what: "touch" });
    expect(server.state.touches[0]).toMatchObject({ x: 0, y: 1000, phase: TouchAction.Press });
    await atv.touch.click(InputAction.SingleTap);
    await until(() => server.state.touches.length === 2, { what: "click" });
    expect(server.state.touches[1]).toMatchObject({ x: 1000, y: 1000, phase: TouchAction.Click });
    expect(lastButton()).toEqual({ code: HidCommand.Select, action: InputAction.SingleTap });
  });
});
