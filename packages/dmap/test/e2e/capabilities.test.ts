import { describe, expect, it } from "vitest";
import { DeviceState, FeatureName, FeatureState, MediaType, RepeatState, ShuffleState } from "@atv/core";
import { PlayStatus } from "../../src/server/index.js";
import { connected } from "../helpers/device.js";

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

describe("DMAP metadata (loopback)", () => {
  it("playing() for music as pyatv maps it", async () => {
    await using c = await connected();
    c.device.useCases.musicPlaying({
      title: "music",
      artist: "artist",
      album: "album",
      genre: "genre",
      totalTime: 49,
      position: 22,
      paused: true,
    });
    const playing = await c.setup.capabilities.metadata.playing();
    expect(playing.toFields()).toEqual({
      mediaType: MediaType.Music,
      deviceState: DeviceState.Paused,
      title: "music",
      artist: "artist",
      album: "album",
      genre: "genre",
      totalTime: 49,
      position: 22,
      shuffle: ShuffleState.Off,
      repeat: RepeatState.Off,
    });
  });

  it("playing() for video, and the fallback without a media kind", async () => {
    await using c = await connected();
    c.device.useCases.videoPlaying({ title: "movie", totalTime: 100, position: 10 });
    let playing = await c.setup.capabilities.metadata.playing();
    expect([playing.mediaType, playing.deviceState, playing.title, playing.position]).toEqual([
      MediaType.Video,
      DeviceState.Playing,
      "movie",
      10,
    ]);
    c.device.useCases.musicPlaying({ title: "x", artist: "someone", noMediaKind: true });
    playing = await c.setup.capabilities.metadata.playing();
    expect(playing.mediaType).toBe(MediaType.Music);
    c.device.useCases.videoPlaying({ title: "x", noMediaKind: true });
    expect((await c.setup.capabilities.metadata.playing()).mediaType).toBe(MediaType.Video);
  });

  it("idle: nothing playing", async () => {
    await using c = await connected();
    const playing = await c.setup.capabilities.metadata.playing();
    expect(playing.toFields()).toEqual({
      mediaType: MediaType.Unknown,
      deviceState: DeviceState.Idle,
      totalTime: 0,
      shuffle: ShuffleState.Off,
      repeat: RepeatState.Off,
    });
  });

  it("artwork bytes with the requested size, undefined when none", async () => {
    await using c = await connected();
    c.device.useCases.musicPlaying({ title: "art", artwork: PNG });
    const art = await c.setup.capabilities.metadata.artwork({ width: 300, height: 200 });
    expect(art).toEqual({ bytes: PNG, mimetype: "image/png", width: -1, height: -1 });
    const again = await c.setup.capabilities.metadata.artwork({ width: 300, height: 200 });
    expect(again?.bytes).toEqual(PNG);
    expect(c.device.state.artworkRequests).toEqual([[300, 200]]); // second one from the cache
    await c.setup.capabilities.metadata.artwork();
    expect(c.device.state.artworkRequests.at(-1)).toEqual([512, 0]);
    expect(c.setup.capabilities.metadata.artworkId).toBe(
      (await c.setup.capabilities.metadata.playing()).hash,
    );
    c.device.useCases.nothingPlaying();
    expect(await c.setup.capabilities.metadata.artwork()).toBeUndefined();
  });

  it("deviceId is the config identifier", async () => {
    await using c = await connected();
    expect(c.setup.capabilities.metadata.deviceId).toBe("dmap-test");
  });
});

describe("DMAP remote control (loopback)", () => {
  it("every ctrl-int command reaches the device", async () => {
    await using c = await connected();
    const rc = c.setup.capabilities.remoteControl;
    await rc.play();
    expect(c.device.state.playStatus).toBe(PlayStatus.Playing);
    await rc.pause();
    expect(c.device.state.playStatus).toBe(PlayStatus.Paused);
    await rc.playPause();
    expect(c.device.state.playStatus).toBe(PlayStatus.Playing);
    await rc.stop();
    expect(c.device.state.playStatus).toBe(PlayStatus.Stopped);
    await rc.next();
    await rc.previous();
    await rc.volumeUp();
    await rc.volumeDown();
    expect(c.device.state.buttons).toEqual([
      "play",
      "pause",
      "playpause",
      "stop",
      "nextitem",
      "previtem",
      "volumeup",
      "volumedown",
    ]);
  });

  it("select, menu, top menu via controlpromptentry; arrows as touch gestures", async () => {
    await using c = await connected();
    const rc = c.setup.capabilities.remoteControl;
    await rc.select();
    await rc.menu();
    await rc.topMenu();
    await rc.up();
    await rc.down();
    await rc.left();
    await rc.right();
    expect(c.device.state.buttons).toEqual(["select", "menu", "topmenu", "up", "down", "left", "right"]);
    const prompts = c.device.requests.filter((r) => r.includes("controlpromptentry"));
    expect(prompts).toHaveLength(3 + 4 * 7);
    expect(prompts[0]).toBe("POST /ctrl-int/1/controlpromptentry?session-id=55555&prompt-id=0");
  });

  it("set position, shuffle and repeat as properties; skip reads the position first", async () => {
    await using c = await connected();
    const rc = c.setup.capabilities.remoteControl;
    c.device.useCases.musicPlaying({ title: "t", totalTime: 200, position: 50 });
    await rc.setPosition(42);
    await rc.setShuffle(ShuffleState.Songs);
    await rc.setRepeat(RepeatState.All);
    await rc.skipForward();
    await rc.skipBackward(5);
    expect(c.device.state.properties).toEqual([
      ["dacp.playingtime", 42000],
      ["dacp.shufflestate", 1],
      ["dacp.repeatstate", 2],
      ["dacp.playingtime", 52000],
      ["dacp.playingtime", 47000],
    ]);
    const playing = await c.setup.capabilities.metadata.playing();
    expect([playing.position, playing.shuffle, playing.repeat]).toEqual([
      47,
      ShuffleState.Songs,
      RepeatState.All,
    ]);
  });
});

describe("DMAP audio and features (loopback)", () => {
  it("volume: set, read back, steps", async () => {
    await using c = await connected();
    const audio = c.setup.capabilities.audio;
    const changes: [number, number][] = [];
    audio.on("volumeChanged", (a, b) => changes.push([a, b]));
    await audio.setVolume(30);
    expect(c.device.state.volume).toBe(30);
    await audio.volumeUp();
    expect(audio.volume).toBe(35);
    await audio.volumeDown();
    expect(await audio.refresh()).toBe(30);
    expect(changes).toEqual([
      [50, 30],
      [30, 35],
      [35, 30],
    ]);
    await expect(audio.setVolume(101)).rejects.toBeInstanceOf(RangeError);
  });

  it("features follow pyatv's rules and the latest play status", async () => {
    await using c = await connected();
    const f = c.setup.capabilities.features;
    expect(f.getFeature(FeatureName.Up).state).toBe(FeatureState.Available);
    expect(f.getFeature(FeatureName.Play).state).toBe(FeatureState.Unknown);
    expect(f.getFeature(FeatureName.Title).state).toBe(FeatureState.Unavailable);
    expect(f.getFeature(FeatureName.VolumeUp).state).toBe(FeatureState.Unavailable);
    expect(f.getFeature(FeatureName.Home).state).toBe(FeatureState.Unsupported);
    c.device.useCases.musicPlaying({ title: "t", artist: "a", totalTime: 10, position: 1 });
    await c.setup.capabilities.metadata.playing();
    expect(
      f.inState(
        FeatureState.Available,
        FeatureName.Title,
        FeatureName.Artist,
        FeatureName.TotalTime,
        FeatureName.Position,
        FeatureName.Shuffle,
        FeatureName.Repeat,
        FeatureName.VolumeUp,
      ),
    ).toBe(true);
    expect(f.getFeature(FeatureName.Album).state).toBe(FeatureState.Unavailable);
    c.device.useCases.setVolumeControllable(false);
    await c.setup.capabilities.metadata.playing();
    expect(f.getFeature(FeatureName.VolumeDown).state).toBe(FeatureState.Unavailable);
  });
});
