/** MRP-specific capability behaviour beyond the shared functional suite, against the fake device. */
import { afterEach, describe, expect, it } from "vitest";
import {
  CommandError,
  DeviceModel,
  FeatureName,
  FeatureState,
  NotSupportedError,
  OperatingSystem,
  AppleTVConfig,
  BaseService,
  createSettings,
  Protocol,
} from "@atv/core";
import { mrpProtocol } from "../../src/module.js";
import { MrpSetup } from "../../src/setup.js";
import { startMrpServer, type MrpServer } from "../../src/server/index.js";
import { Command } from "../../src/gen/atv/mrp/command_pb.js";
import { VolumeCapabilities } from "../../src/gen/atv/mrp/audio_pb.js";
import { MessageType } from "../../src/codec/index.js";
import { DEFAULT_SKIP_SECONDS } from "../../src/capabilities/remote-control.js";
import { until } from "@atv/test-utils";

let server: MrpServer | undefined;
let setup: MrpSetup | undefined;
afterEach(async () => {
  await setup?.close();
  await server?.close();
  setup = server = undefined;
});

async function connect(prepare?: (s: MrpServer) => void) {
  server = await startMrpServer({
    identity: { name: "Den", modelID: "AppleTV6,2", systemBuildVersion: "18M60" },
  });
  prepare?.(server);
  setup = new MrpSetup({ host: server.host, port: server.port, deviceId: "device-id" });
  await setup.connect();
  return { server, caps: setup.capabilities, setup };
}

const count = (s: MrpServer, type: number): number => s.state.receivedTypes.filter((t) => t === type).length;

describe("RemoteControl specifics", () => {
  it("skip without an interval and without preferred intervals uses 15 s", async () => {
    const { server, caps } = await connect((s) =>
      s.useCases.musicPlaying({ commands: [Command.SKIP_FORWARD] }),
    );
    await caps.remoteControl.skipForward();
    expect(server.state.lastCommand).toMatchObject({
      command: Command.SKIP_FORWARD,
      skipInterval: DEFAULT_SKIP_SECONDS,
    });
  });

  it("playPause while idle and without a toggle sends nothing", async () => {
    const { server, caps } = await connect();
    await caps.remoteControl.playPause();
    expect(server.state.commands).toEqual([]);
  });

  it("playPause at playback rate 0 (still Playing, as pyatv) pauses instead of playing", async () => {
    const { server, caps } = await connect((s) =>
      s.useCases.musicPlaying({ playbackRate: 0, commands: [Command.PLAY, Command.PAUSE] }),
    );
    await until(() => caps.metadata.app);
    await caps.remoteControl.playPause();
    expect(server.state.lastCommand?.command).toBe(Command.PAUSE);
  });

  it("commands the app does not offer are answered with an error: CommandError", async () => {
    const { caps } = await connect((s) => s.useCases.musicPlaying({ commands: [Command.PLAY] }));
    const error = await caps.remoteControl.stop().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    expect((error as Error).message).toMatch(/^STOP failed: SendError=NO_COMMAND_HANDLERS/);
  });

  it("argument checks", async () => {
    const { caps } = await connect();
    await expect(caps.remoteControl.setPosition(-1)).rejects.toBeInstanceOf(RangeError);
    await expect(caps.remoteControl.setShuffle(7 as never)).rejects.toBeInstanceOf(RangeError);
  });
});

describe("Metadata specifics", () => {
  const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);

  it("artwork is cached per id and size (4 entries)", async () => {
    const { server, caps } = await connect((s) => {
      s.useCases.musicPlaying({ title: "a" });
      s.useCases.changeArtwork(PNG, "", { identifier: "art-a", width: 2, height: 3 });
    });
    const requests = (): number => count(server, MessageType.PLAYBACK_QUEUE_REQUEST_MESSAGE);
    const first = await caps.metadata.artwork();
    expect(first?.mimetype).toBe("image/png"); // sniffed: the device sent no MIME type
    first!.bytes.fill(0); // the caller's copy; the cache keeps its own
    const second = await caps.metadata.artwork();
    expect([...second!.bytes]).toEqual([...PNG]);
    expect(requests()).toBe(1);
    await caps.metadata.artwork({ width: 100, height: null });
    expect(requests()).toBe(2);
    for (const width of [1, 2, 3, 4]) await caps.metadata.artwork({ width });
    expect(requests()).toBe(6);
    await caps.metadata.artwork(); // evicted by the four above
    expect(requests()).toBe(7);
    expect(caps.metadata.artworkId).toBe("art-a");
    expect(caps.metadata.deviceId).toBe("device-id");
  });

  it("the app, from the now-playing client", async () => {
    const { caps, server } = await connect();
    expect(caps.metadata.app).toBeUndefined();
    server.useCases.musicPlaying({ app: { bundleIdentifier: "com.x", name: "X" } });
    await until(() => caps.metadata.app);
    expect(caps.metadata.app?.toString()).toBe("App: X (com.x)");
    server.useCases.setAppName("Y");
    await until(() => caps.metadata.app?.name === "Y");
  });
});

describe("Audio specifics", () => {
  it("relative-only devices (HDMI-CEC/IR) step with HID, never wait for a level, and ignore the 0/100 bound", async () => {
    const { server, caps } = await connect((s) => s.useCases.setVolume(0));
    server.useCases.changeVolumeControl(true, VolumeCapabilities.RELATIVE);
    await until(() => caps.audio.relative && !caps.audio.absolute);
    const level = caps.audio.volume;
    await caps.audio.volumeUp(); // pyatv: no wait; the fake sends no VOLUME_DID_CHANGE for it
    await caps.audio.volumeDown(); // at level 0: still sent, the bound is for absolute levels
    await until(() => server.state.buttons.length === 2);
    expect(server.state.buttons.map((b) => b.key)).toEqual(["volumeUp", "volumeDown"]);
    expect(server.state.volume).toBe(0); // the fake kept its level and reported none
    expect(caps.audio.volume).toBe(level);
    expect(caps.features.getFeature(FeatureName.SetVolume).state).toBe(FeatureState.Unavailable);
    expect(caps.features.getFeature(FeatureName.VolumeUp).state).toBe(FeatureState.Available);
  });

  it("devices with both capabilities step with HID and wait for the new level; absolute-only with ±5 %", async () => {
    const { server, caps } = await connect((s) => s.useCases.setVolume(50));
    await until(() => caps.audio.relative && caps.audio.absolute && caps.audio.volume === 50);
    await caps.audio.volumeUp();
    expect(server.state.lastButton?.key).toBe("volumeUp");
    expect(caps.audio.volume).toBe(55);

    server.useCases.changeVolumeControl(true, VolumeCapabilities.ABSOLUTE);
    await until(() => !caps.audio.relative && caps.audio.absolute);
    const buttons = server.state.buttons.length;
    await caps.audio.volumeDown();
    expect(server.state.buttons.length).toBe(buttons);
    expect(caps.audio.volume).toBe(50);
  });

  it("volume steps at the bounds do nothing; unavailable control is NotSupportedError", async () => {
    const { server, caps } = await connect((s) => s.useCases.setVolume(100));
    await until(() => caps.audio.volume === 100);
    await caps.audio.volumeUp();
    expect(server.state.buttons).toEqual([]);
    server.useCases.changeVolumeControl(false);
    await until(() => !caps.audio.available);
    await expect(caps.audio.volumeDown()).rejects.toBeInstanceOf(NotSupportedError);
  });
});

describe("What we tell the device", () => {
  it("our DeviceInfo carries settings.info.os_build as systemBuildVersion (pyatv)", async () => {
    server = await startMrpServer();
    const config = new AppleTVConfig({ address: server.host, name: "x" });
    const service = new BaseService({ protocol: Protocol.MRP, port: server.port, identifier: "id" });
    config.addService(service);
    const settings = createSettings({ info: { os_build: "20A999", name: "Kitchen remote" } });
    const [created] = mrpProtocol.setup({ config, service, settings, takeover: () => () => undefined });
    setup = created as MrpSetup;
    await setup.connect();
    expect(server.state.clientInfos.at(-1)).toMatchObject({
      systemBuildVersion: "20A999",
      name: "Kitchen remote",
    });
  });
});

describe("Output devices", () => {
  it("add/remove/setOutputDevices tolerate a device that never confirms (pyatv suppresses the timeout)", async () => {
    server = await startMrpServer();
    setup = new MrpSetup({ host: server.host, port: server.port, requestTimeoutMs: 100 });
    await setup.connect();
    const audio = setup.capabilities.audio;
    server.setInterceptor((m) =>
      m.type === MessageType.MODIFY_OUTPUT_CONTEXT_REQUEST_MESSAGE ? "ignore" : undefined,
    );
    await expect(audio.addOutputDevices(["speaker-1"])).resolves.toBeUndefined();
    await expect(audio.removeOutputDevices(["speaker-1"])).resolves.toBeUndefined();
    await expect(audio.setOutputDevices(["speaker-2"])).resolves.toBeUndefined();
    expect(count(server, MessageType.MODIFY_OUTPUT_CONTEXT_REQUEST_MESSAGE)).toBe(3);
    const controller = new AbortController();
    const pending = audio.addOutputDevices(["speaker-3"], { signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toThrow();
  });
});

describe("Features and device info", () => {
  it("features MRP does not have are Unsupported; deprecated suspend/wakeup too", async () => {
    const { caps } = await connect();
    for (const name of [
      FeatureName.AppList,
      FeatureName.Suspend,
      FeatureName.WakeUp,
      FeatureName.PlayUrl,
      FeatureName.TextSet,
    ]) {
      expect(caps.features.getFeature(name).state).toBe(FeatureState.Unsupported);
    }
    expect(
      caps.features.inState([FeatureState.Available], FeatureName.TurnOn, FeatureName.OutputDevices),
    ).toBe(true);
  });

  it("PlayPause without a toggle: only the opposite of the current state", async () => {
    const { server, caps } = await connect((s) => s.useCases.musicPlaying({ commands: [Command.PLAY] }));
    await until(() => caps.features.getFeature(FeatureName.Play).state === FeatureState.Available);
    expect(caps.features.getFeature(FeatureName.PlayPause).state).toBe(FeatureState.Unavailable); // playing, no Pause
    server.useCases.pause();
    await until(() => caps.features.getFeature(FeatureName.PlayPause).state === FeatureState.Available);
  });

  it("device info from the device's DeviceInfo", async () => {
    const { setup } = await connect();
    const info = setup.deviceInfo();
    expect(info).toMatchObject({
      model: DeviceModel.Gen4K,
      rawModel: "AppleTV6,2",
      os: OperatingSystem.TvOS,
      buildNumber: "18M60",
    });
    expect(info.version).toMatch(/^14\./);
  });
});
