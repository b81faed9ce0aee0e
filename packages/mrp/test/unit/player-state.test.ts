import { describe, expect, it } from "vitest";
import { DeviceState, MediaType, RepeatState, ShuffleState } from "@atv/core";
import { MessageType, protocolMessage } from "../../src/codec/index.js";
import { PlayerStateManager, DEFAULT_PLAYER_ID } from "../../src/player-state.js";
import { buildPlaying, APPLE_EPOCH_OFFSET_SECONDS } from "../../src/capabilities/playing.js";
import { Command, RepeatMode, ShuffleMode } from "../../src/gen/atv/mrp/command_pb.js";
import { MediaType as MrpMediaType } from "../../src/gen/atv/mrp/content_item_pb.js";
import { PlaybackState } from "../../src/gen/atv/mrp/now_playing_pb.js";
import { FakePushes } from "../helpers/fake-session.js";

const APP = "com.example.app";
const path = (player = DEFAULT_PLAYER_ID, bundle = APP) => ({
  client: { bundleIdentifier: bundle },
  player: { identifier: player },
});

function setState(init: {
  player?: string;
  bundle?: string;
  state?: PlaybackState;
  title?: string;
  rate?: number;
  identifier?: string;
  commands?: {
    command: Command;
    enabled?: boolean;
    shuffleMode?: ShuffleMode;
    repeatMode?: RepeatMode;
    preferredIntervals?: number[];
  }[];
  noQueue?: boolean;
  metadata?: Record<string, unknown>;
}) {
  return protocolMessage(MessageType.SET_STATE_MESSAGE, {
    setStateMessage: {
      playerPath: path(init.player, init.bundle),
      ...(init.state === undefined ? {} : { playbackState: init.state }),
      ...(init.commands ? { supportedCommands: { supportedCommands: init.commands } } : {}),
      ...(init.noQueue
        ? {}
        : {
            playbackQueue: {
              location: 0,
              contentItems: [
                {
                  ...(init.identifier ? { identifier: init.identifier } : {}),
                  metadata: {
                    ...(init.title === undefined ? {} : { title: init.title }),
                    ...(init.rate === undefined ? {} : { playbackRate: init.rate }),
                    ...init.metadata,
                  },
                },
              ],
            },
          }),
    },
  });
}
const nowPlayingClient = (bundle = APP, displayName?: string) =>
  protocolMessage(MessageType.SET_NOW_PLAYING_CLIENT_MESSAGE, {
    setNowPlayingClientMessage: {
      client: { bundleIdentifier: bundle, ...(displayName ? { displayName } : {}) },
    },
  });

function manager() {
  const pushes = new FakePushes();
  const psm = new PlayerStateManager(pushes);
  let changes = 0;
  psm.on("changed", () => changes++);
  return { pushes, psm, changes: () => changes };
}

describe("PlayerStateManager: the merge rules", () => {
  it("nothing received: idle, no fields", () => {
    const { psm } = manager();
    const playing = buildPlaying(psm.playing);
    expect(playing.deviceState).toBe(DeviceState.Idle);
    expect(playing.title).toBeUndefined();
    expect(psm.client).toBeUndefined();
  });

  it("state is kept per client and player; the active client's active (or default) player is what plays", () => {
    const { pushes, psm } = manager();
    pushes.push(setState({ state: PlaybackState.PLAYING, title: "default" }));
    pushes.push(setState({ player: "other", state: PlaybackState.PAUSED, title: "other" }));
    pushes.push(setState({ bundle: "com.elsewhere", state: PlaybackState.PLAYING, title: "elsewhere" }));
    expect(psm.playing.field("title")).toBeUndefined(); // no active client yet
    pushes.push(nowPlayingClient(APP, "App"));
    expect(psm.playing.field("title")).toBe("default");
    pushes.push(
      protocolMessage(MessageType.SET_NOW_PLAYING_PLAYER_MESSAGE, {
        setNowPlayingPlayerMessage: { playerPath: path("other") },
      }),
    );
    expect(psm.playing.field("title")).toBe("other");
    pushes.push(nowPlayingClient("com.elsewhere"));
    expect(psm.playing.field("title")).toBe("elsewhere");
  });

  it("Paused without a queue item is idle; with one it is paused", () => {
    const { pushes, psm } = manager();
    pushes.push(nowPlayingClient());
    pushes.push(setState({ state: PlaybackState.PAUSED, noQueue: true }));
    expect(buildPlaying(psm.playing).deviceState).toBe(DeviceState.Idle);
    pushes.push(setState({ title: "t" }));
    expect(buildPlaying(psm.playing).deviceState).toBe(DeviceState.Paused);
  });

  it.each([
    [undefined, DeviceState.Playing],
    [1, DeviceState.Playing],
    // pyatv 0.18 player_state.py: Playing at rate 0 stays Playing (mrp.md §11).
    [0, DeviceState.Playing],
    [2, DeviceState.Seeking],
    [-1, DeviceState.Seeking],
  ])("Playing at rate %s is %i", (rate, expected) => {
    const { pushes, psm } = manager();
    pushes.push(nowPlayingClient());
    pushes.push(
      setState({ state: PlaybackState.PLAYING, title: "t", ...(rate === undefined ? {} : { rate }) }),
    );
    expect(buildPlaying(psm.playing).deviceState).toBe(expected);
  });

  it.each([
    [PlaybackState.STOPPED, DeviceState.Stopped],
    [PlaybackState.INTERRUPTED, DeviceState.Loading],
    [PlaybackState.SEEKING, DeviceState.Seeking],
    [PlaybackState.UNKNOWN, DeviceState.Paused],
  ])("PlaybackState %i maps to DeviceState %i", (state, expected) => {
    const { pushes, psm } = manager();
    pushes.push(nowPlayingClient());
    pushes.push(setState({ state, title: "t" }));
    expect(buildPlaying(psm.playing).deviceState).toBe(expected);
  });

  it("a SetState without playbackState keeps the previous one", () => {
    const { pushes, psm } = manager();
    pushes.push(nowPlayingClient());
    pushes.push(setState({ state: PlaybackState.PLAYING, title: "t" }));
    pushes.push(setState({ title: "u" }));
    expect(psm.playing.rawPlaybackState).toBe(PlaybackState.PLAYING);
    expect(psm.playing.field("title")).toBe("u");
  });

  it("UPDATE_CONTENT_ITEM merges fields into the item with the same identifier", () => {
    const { pushes, psm } = manager();
    pushes.push(nowPlayingClient());
    pushes.push(
      setState({
        state: PlaybackState.PLAYING,
        title: "old",
        identifier: "item-1",
        metadata: { albumName: "album" },
      }),
    );
    pushes.push(
      protocolMessage(MessageType.UPDATE_CONTENT_ITEM_MESSAGE, {
        updateContentItemMessage: {
          playerPath: path(),
          contentItems: [
            { identifier: "item-1", metadata: { title: "new" } },
            { identifier: "item-2", metadata: { title: "ignored" } },
          ],
        },
      }),
    );
    expect(psm.playing.field("title")).toBe("new");
    expect(psm.playing.field("albumName")).toBe("album");
    expect(buildPlaying(psm.playing).hash).toBe("item-1");
  });

  it("commands: the player's list first, then the app's defaults; shuffle and repeat from their CommandInfo", () => {
    const { pushes, psm } = manager();
    pushes.push(nowPlayingClient());
    pushes.push(
      setState({
        title: "t",
        commands: [
          { command: Command.PLAY, enabled: true },
          { command: Command.CHANGE_SHUFFLE_MODE, shuffleMode: ShuffleMode.ALBUMS },
          { command: Command.CHANGE_REPEAT_MODE, repeatMode: RepeatMode.ONE },
        ],
      }),
    );
    pushes.push(
      protocolMessage(MessageType.SET_DEFAULT_SUPPORTED_COMMANDS_MESSAGE, {
        setDefaultSupportedCommandsMessage: {
          playerPath: path(),
          supportedCommands: {
            supportedCommands: [
              { command: Command.NEXT_TRACK, enabled: true },
              { command: Command.PLAY, enabled: false },
            ],
          },
        },
      }),
    );
    expect(psm.playing.isEnabled(Command.PLAY)).toBe(true);
    expect(psm.playing.isEnabled(Command.NEXT_TRACK)).toBe(true);
    expect(psm.playing.isEnabled(Command.STOP)).toBe(false);
    const playing = buildPlaying(psm.playing);
    expect(playing.shuffle).toBe(ShuffleState.Albums);
    expect(playing.repeat).toBe(RepeatState.Track);
  });

  it("REMOVE_PLAYER falls back to the default player; REMOVE_CLIENT clears the active app", () => {
    const { pushes, psm, changes } = manager();
    pushes.push(nowPlayingClient(APP, "The App"));
    pushes.push(setState({ title: "default" }));
    pushes.push(setState({ player: "p2", title: "second" }));
    pushes.push(
      protocolMessage(MessageType.SET_NOW_PLAYING_PLAYER_MESSAGE, {
        setNowPlayingPlayerMessage: { playerPath: path("p2") },
      }),
    );
    expect(psm.playing.field("title")).toBe("second");
    pushes.push(
      protocolMessage(MessageType.REMOVE_PLAYER_MESSAGE, { removePlayerMessage: { playerPath: path("p2") } }),
    );
    expect(psm.playing.field("title")).toBe("default");
    expect(psm.client?.displayName).toBe("The App");
    pushes.push(
      protocolMessage(MessageType.UPDATE_CLIENT_MESSAGE, {
        updateClientMessage: { client: { bundleIdentifier: APP, displayName: "Renamed" } },
      }),
    );
    expect(psm.client?.displayName).toBe("Renamed");
    const before = changes();
    pushes.push(
      protocolMessage(MessageType.REMOVE_CLIENT_MESSAGE, {
        removeClientMessage: { client: { bundleIdentifier: APP } },
      }),
    );
    expect(psm.client).toBeUndefined();
    expect(changes()).toBe(before + 1);
    expect(buildPlaying(psm.playing).deviceState).toBe(DeviceState.Idle);
  });

  it("updates of a player that is not playing do not signal a change", () => {
    const { pushes, changes } = manager();
    pushes.push(nowPlayingClient(APP));
    const before = changes();
    pushes.push(setState({ bundle: "com.background", title: "bg" }));
    expect(changes()).toBe(before);
    pushes.push(setState({ title: "fg" }));
    expect(changes()).toBe(before + 1);
  });
});

describe("buildPlaying", () => {
  const at = (unixSeconds: number): number => unixSeconds - APPLE_EPOCH_OFFSET_SECONDS;

  it("media type, total time (NaN = unknown) and position from elapsed time and its timestamp", () => {
    const { pushes, psm } = manager();
    pushes.push(nowPlayingClient());
    const now = 1_800_000_000;
    pushes.push(
      setState({
        state: PlaybackState.PLAYING,
        metadata: {
          mediaType: MrpMediaType.VIDEO,
          duration: 100.9,
          elapsedTime: 10,
          elapsedTimeTimestamp: at(now - 5),
          playbackRate: 1,
        },
      }),
    );
    const playing = buildPlaying(psm.playing, now * 1000);
    expect(playing.mediaType).toBe(MediaType.Video);
    expect(playing.totalTime).toBe(100);
    expect(playing.position).toBe(15);
    pushes.push(
      setState({
        state: PlaybackState.PAUSED,
        metadata: { duration: Number.NaN, elapsedTime: 10, elapsedTimeTimestamp: at(now - 5) },
      }),
    );
    const paused = buildPlaying(psm.playing, now * 1000);
    expect(paused.totalTime).toBeUndefined();
    expect(paused.position).toBe(10);
  });

  it.each([
    ["seeking at rate 2", 2, DeviceState.Seeking, 10],
    ["playing at rate 0", 0, DeviceState.Playing, 10],
    ["playing without a rate", undefined, DeviceState.Playing, 10],
    ["playing at rate 1", 1, DeviceState.Playing, 15],
  ])(
    "position while %s: advances only while Playing at a non-zero rate (mrp.md §11)",
    (_, rate, state, position) => {
      const { pushes, psm } = manager();
      pushes.push(nowPlayingClient());
      const now = 1_800_000_000;
      pushes.push(
        setState({
          state: PlaybackState.PLAYING,
          metadata: {
            duration: 500,
            elapsedTime: 10,
            elapsedTimeTimestamp: at(now - 5),
            ...(rate === undefined ? {} : { playbackRate: rate }),
          },
        }),
      );
      const playing = buildPlaying(psm.playing, now * 1000);
      expect(playing.deviceState).toBe(state);
      expect(playing.position).toBe(position);
    },
  );

  it("no timestamp: no position; huge iTunes ids that do not fit a number are left out", () => {
    const { pushes, psm } = manager();
    pushes.push(nowPlayingClient());
    pushes.push(
      setState({
        state: PlaybackState.PLAYING,
        metadata: { elapsedTime: 10, iTunesStoreIdentifier: 2n ** 60n },
      }),
    );
    const playing = buildPlaying(psm.playing);
    expect(playing.position).toBeUndefined();
    expect(playing.itunesStoreIdentifier).toBeUndefined();
  });
});
