/** How the fake device reacts to buttons, commands, volume and speaker-group changes. */
import { InputAction } from "@atv/core";
import { hidKeyName, type HidEvent } from "../codec/hid.js";
import { Command, SendError } from "../gen/atv/mrp/command_pb.js";
import { PlaybackState } from "../gen/atv/mrp/now_playing_pb.js";
import type { ProtocolMessage } from "../gen/atv/mrp/protocol_message_pb.js";
import { isFieldSet } from "@bufbuild/protobuf";
import { CommandOptionsSchema } from "../gen/atv/mrp/command_pb.js";
import * as out from "./device-messages.js";
import { currentElapsed, type MrpDeviceState, type ReceivedCommand } from "./state.js";
import type { Broadcast, MrpUseCases } from "./use-cases.js";

/** A press held this long counts as InputAction.Hold. */
const HOLD_MS = 800;
/** A second tap of the same key starting this soon after the first ends counts as a double tap. */
const DOUBLE_TAP_MS = 400;
/** Select within this long after a home hold picks "Sleep" in the power menu. */
const SLEEP_MENU_MS = 3000;

export interface HidTracker {
  /** When each key (by name) went down. */
  down: Map<string, number>;
  /** The last completed tap, to detect double taps and the power menu. */
  lastTap: { key: string; action: InputAction; endedAt: number } | undefined;
}

/** Records key presses as the device understands them; volume keys step the volume, sleep/wake keys power. */
export function handleHidEvent(
  state: MrpDeviceState,
  useCases: MrpUseCases,
  broadcast: Broadcast,
  tracker: HidTracker,
  event: HidEvent,
  nowMs = Date.now(),
): void {
  const key = hidKeyName(event) ?? `0x${event.usagePage.toString(16)}/0x${event.usage.toString(16)}`;
  if (event.pressed) {
    tracker.down.set(key, nowMs);
    return;
  }
  const downAt = tracker.down.get(key);
  if (downAt === undefined) return;
  tracker.down.delete(key);
  const last = tracker.lastTap;
  let action: InputAction = nowMs - downAt >= HOLD_MS ? InputAction.Hold : InputAction.SingleTap;
  if (
    action === InputAction.SingleTap &&
    last?.key === key &&
    last.action === InputAction.SingleTap &&
    downAt - last.endedAt <= DOUBLE_TAP_MS
  ) {
    action = InputAction.DoubleTap;
    state.buttons.pop();
  }
  state.buttons.push({ key, action });
  tracker.lastTap = action === InputAction.DoubleTap ? undefined : { key, action, endedAt: nowMs };

  switch (key) {
    case "volumeUp":
    case "volumeDown": {
      if (!state.absoluteVolume) break; // relative-only: the key goes to the TV/receiver, no level comes back
      const step = key === "volumeUp" ? state.volumeStep : -state.volumeStep;
      state.volume = Math.min(1, Math.max(0, Math.round((state.volume + step) * 1000) / 1000));
      broadcast(out.volumeDidChange(state.volume, state.volumeUid));
      break;
    }
    case "suspend":
      useCases.powerOff();
      break;
    case "wakeup":
      useCases.powerOn();
      break;
    case "select":
      if (
        last?.key === "home" &&
        last.action === InputAction.Hold &&
        downAt - last.endedAt <= SLEEP_MENU_MS
      ) {
        useCases.powerOff();
      }
      break;
  }
}

/**
 * Executes a SendCommand on the active player and answers it: the updated state
 * first (so the client has it when its call resolves), then the result.
 */
export function handleCommand(
  state: MrpDeviceState,
  message: ProtocolMessage,
  broadcast: Broadcast,
): ProtocolMessage[] {
  const inner = message.sendCommandMessage;
  const command = inner?.command ?? Command.UNKNOWN;
  const options = inner?.options;
  const received: ReceivedCommand = { command };
  if (options) {
    if (isFieldSet(options, CommandOptionsSchema.field.skipInterval))
      received.skipInterval = options.skipInterval;
    if (isFieldSet(options, CommandOptionsSchema.field.playbackPosition))
      received.playbackPosition = options.playbackPosition;
    if (isFieldSet(options, CommandOptionsSchema.field.shuffleMode))
      received.shuffleMode = options.shuffleMode;
    if (isFieldSet(options, CommandOptionsSchema.field.repeatMode)) received.repeatMode = options.repeatMode;
  }
  state.commands.push(received);

  const forced = state.commandErrors.get(command);
  if (forced !== undefined) return [out.sendCommandResult(message.identifier, forced)];
  const player = state.nowPlaying;
  const offered = player?.commands.find((c) => c.command === command);
  if (!player || !offered?.enabled)
    return [out.sendCommandResult(message.identifier, SendError.NO_COMMAND_HANDLERS)];

  const now = Date.now();
  const at = (seconds: number): void => {
    if (!player.metadata) return;
    const max = player.metadata.duration;
    player.metadata.elapsedTime = Math.max(
      0,
      max !== undefined && Number.isFinite(max) ? Math.min(seconds, max) : seconds,
    );
    player.metadata.elapsedAtMs = now;
  };
  const setPlayback = (playbackState: PlaybackState, rate: number): void => {
    at(currentElapsed(player, now) ?? 0);
    player.playbackState = playbackState;
    if (player.metadata) player.metadata.playbackRate = rate;
  };
  switch (command) {
    case Command.PLAY:
      setPlayback(PlaybackState.PLAYING, 1);
      break;
    case Command.PAUSE:
      setPlayback(PlaybackState.PAUSED, 0);
      break;
    case Command.TOGGLE_PLAY_PAUSE:
      if (player.playbackState === PlaybackState.PLAYING) setPlayback(PlaybackState.PAUSED, 0);
      else setPlayback(PlaybackState.PLAYING, 1);
      break;
    case Command.STOP:
      setPlayback(PlaybackState.STOPPED, 0);
      break;
    case Command.SKIP_FORWARD:
    case Command.SKIP_BACKWARD: {
      const interval = received.skipInterval ?? 15;
      const sign = command === Command.SKIP_FORWARD ? 1 : -1;
      at((currentElapsed(player, now) ?? 0) + sign * interval);
      break;
    }
    case Command.SEEK_TO_PLAYBACK_POSITION:
      at(received.playbackPosition ?? 0);
      break;
    case Command.CHANGE_SHUFFLE_MODE:
      if (received.shuffleMode !== undefined) player.shuffle = received.shuffleMode;
      break;
    case Command.CHANGE_REPEAT_MODE:
      if (received.repeatMode !== undefined) player.repeat = received.repeatMode;
      break;
  }
  broadcast(out.setState(player, now));
  return [out.sendCommandResult(message.identifier)];
}

/** SET_VOLUME for the device itself or one of its grouped devices; answered with VOLUME_DID_CHANGE. */
export function handleSetVolume(state: MrpDeviceState, message: ProtocolMessage, broadcast: Broadcast): void {
  const inner = message.setVolumeMessage;
  if (!inner) return;
  const volume = Math.min(1, Math.max(0, Number.isFinite(inner.volume) ? inner.volume : 0));
  const uid = inner.outputDeviceUID;
  if (uid === state.volumeUid || uid === "") {
    state.volume = volume;
    broadcast(out.volumeDidChange(volume, state.volumeUid));
    return;
  }
  const device = state.groupedDevices.find((d) => d.identifier === uid);
  if (!device) return;
  device.volume = volume;
  broadcast(out.volumeDidChange(volume, uid));
}

/** Adds, removes or sets the devices grouped with this one; completion is a DEVICE_INFO_UPDATE. */
export function handleModifyOutputContext(
  state: MrpDeviceState,
  message: ProtocolMessage,
  broadcast: Broadcast,
): void {
  const inner = message.modifyOutputContextRequestMessage;
  if (!inner) return;
  const self = state.identity.deviceUID;
  const deviceFor = (uid: string): { identifier: string; name: string; volume: number } => {
    const known = state.knownOutputDevices.get(uid);
    return known ? { ...known } : { identifier: uid, name: uid, volume: 0.5 };
  };
  const grouped = state.groupedDevices;
  if (inner.settingDevices.length > 0) {
    grouped.splice(0, Infinity, ...inner.settingDevices.filter((uid) => uid !== self).map(deviceFor));
  }
  for (const uid of inner.addingDevices) {
    if (uid !== self && !grouped.some((d) => d.identifier === uid)) grouped.push(deviceFor(uid));
  }
  for (const uid of inner.removingDevices) {
    const index = grouped.findIndex((d) => d.identifier === uid);
    if (index >= 0) grouped.splice(index, 1);
  }
  broadcast(out.deviceInfoUpdate(state));
}
