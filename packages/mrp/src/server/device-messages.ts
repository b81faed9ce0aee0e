/** What the fake device sends: its state as ProtocolMessages (mrp.md §7, §11–§13). */
import type { MessageInitShape } from "@bufbuild/protobuf";
import { MessageType, protocolMessage } from "../codec/protocol-message.js";
import { Command, SendError, type CommandInfoSchema } from "../gen/atv/mrp/command_pb.js";
import type { ContentItemMetadataSchema, ContentItemSchema } from "../gen/atv/mrp/content_item_pb.js";
import { DeviceClass, type DeviceInfoMessageSchema } from "../gen/atv/mrp/device_info_pb.js";
import type { PlayerPathSchema } from "../gen/atv/mrp/player_path_pb.js";
import type { ProtocolMessage } from "../gen/atv/mrp/protocol_message_pb.js";
import { KeyboardState } from "../gen/atv/mrp/control_pb.js";
import { APPLE_EPOCH_OFFSET_SECONDS } from "../codec/time.js";
import { currentElapsed, type FakePlayer, type MrpDeviceState } from "./state.js";

type MetadataInit = Omit<MessageInitShape<typeof ContentItemMetadataSchema>, "$typeName">;
type ContentItemInit = Omit<MessageInitShape<typeof ContentItemSchema>, "$typeName">;
type CommandInfoInit = Omit<MessageInitShape<typeof CommandInfoSchema>, "$typeName">;
type PlayerPathInit = Omit<MessageInitShape<typeof PlayerPathSchema>, "$typeName">;
type DeviceInfoInit = Omit<MessageInitShape<typeof DeviceInfoMessageSchema>, "$typeName">;

/** The device's DeviceInfo (reply to DEVICE_INFO and body of DEVICE_INFO_UPDATE). */
export function deviceInfo(state: MrpDeviceState): DeviceInfoInit {
  const id = state.identity;
  return {
    uniqueIdentifier: id.uniqueIdentifier,
    name: id.name,
    localizedModelName: "Apple TV",
    systemBuildVersion: id.systemBuildVersion,
    applicationBundleIdentifier: "com.apple.mediaremoted",
    protocolVersion: 1,
    lastSupportedMessageType: 108,
    supportsSystemPairing: true,
    allowsPairing: true,
    systemMediaApplication: "com.apple.TVMusic",
    supportsACL: true,
    supportsSharedQueue: true,
    supportsExtendedMotion: true,
    sharedQueueVersion: 2,
    deviceUID: id.deviceUID,
    deviceClass: DeviceClass.APPLE_TV,
    logicalDeviceCount: state.powerOn ? 1 : 0,
    isProxyGroupPlayer: state.proxyGroupPlayer,
    isGroupLeader: state.groupLeader,
    ...(state.clusterID === undefined ? {} : { clusterID: state.clusterID }),
    groupedDevices: state.groupedDevices.map((d) => ({ name: d.name, deviceUID: d.identifier })),
    modelID: id.modelID,
  };
}

export function deviceInfoReply(state: MrpDeviceState, identifier: string): ProtocolMessage {
  return protocolMessage(MessageType.DEVICE_INFO_MESSAGE, {
    identifier,
    deviceInfoMessage: deviceInfo(state),
  });
}

export function deviceInfoUpdate(state: MrpDeviceState): ProtocolMessage {
  return protocolMessage(MessageType.DEVICE_INFO_UPDATE_MESSAGE, { deviceInfoMessage: deviceInfo(state) });
}

export function playerPath(player: FakePlayer): PlayerPathInit {
  return {
    client: {
      processIdentifier: 123,
      bundleIdentifier: player.bundleIdentifier,
      ...(player.appName === undefined ? {} : { displayName: player.appName }),
    },
    player: {
      identifier: player.playerId,
      ...(player.playerName === undefined ? {} : { displayName: player.playerName }),
    },
  };
}

function commandInfos(player: FakePlayer): CommandInfoInit[] {
  const infos: CommandInfoInit[] = player.commands.map((c) => {
    const info: CommandInfoInit = { command: c.command, enabled: c.enabled };
    if (c.preferredIntervals) info.preferredIntervals = [...c.preferredIntervals];
    if (c.command === Command.CHANGE_SHUFFLE_MODE) info.shuffleMode = player.shuffle;
    if (c.command === Command.CHANGE_REPEAT_MODE) info.repeatMode = player.repeat;
    return info;
  });
  return infos;
}

/** Apple-epoch seconds for a Unix time in ms. */
export function appleTimestamp(unixMs: number): number {
  return unixMs / 1000 - APPLE_EPOCH_OFFSET_SECONDS;
}

export function metadataInit(player: FakePlayer, nowMs = Date.now()): MetadataInit | undefined {
  const m = player.metadata;
  if (!m) return undefined;
  const out: MetadataInit = {};
  if (m.title !== undefined) out.title = m.title;
  if (m.artist !== undefined) out.trackArtistName = m.artist;
  if (m.album !== undefined) out.albumName = m.album;
  if (m.genre !== undefined) out.genre = m.genre;
  if (m.seriesName !== undefined) out.seriesName = m.seriesName;
  if (m.seasonNumber !== undefined) out.seasonNumber = m.seasonNumber;
  if (m.episodeNumber !== undefined) out.episodeNumber = m.episodeNumber;
  if (m.contentIdentifier !== undefined) out.contentIdentifier = m.contentIdentifier;
  if (m.iTunesStoreIdentifier !== undefined) out.iTunesStoreIdentifier = BigInt(m.iTunesStoreIdentifier);
  if (m.duration !== undefined) out.duration = m.duration;
  if (m.playbackRate !== undefined) out.playbackRate = m.playbackRate;
  if (m.mediaType !== undefined) out.mediaType = m.mediaType;
  const elapsed = currentElapsed(player, nowMs);
  if (elapsed !== undefined) {
    out.elapsedTime = elapsed;
    out.elapsedTimeTimestamp = appleTimestamp(nowMs);
  }
  if (player.artwork) {
    out.artworkAvailable = true;
    out.artworkMIMEType = player.artwork.mimetype;
    out.artworkIdentifier = player.artwork.identifier;
    out.artworkDataWidth = player.artwork.width;
    out.artworkDataHeight = player.artwork.height;
  }
  if (m.artworkIdentifier !== undefined) out.artworkIdentifier = m.artworkIdentifier;
  if (m.artworkURL !== undefined) out.artworkURL = m.artworkURL;
  if (m.artworkAvailable !== undefined) out.artworkAvailable = m.artworkAvailable;
  return out;
}

function contentItem(player: FakePlayer, nowMs: number): ContentItemInit | undefined {
  const metadata = metadataInit(player, nowMs);
  if (!metadata) return undefined;
  return player.itemIdentifier === undefined ? { metadata } : { identifier: player.itemIdentifier, metadata };
}

/** The full state of one player: SET_STATE with commands, queue, playback state and path. */
export function setState(player: FakePlayer, nowMs = Date.now()): ProtocolMessage {
  const item = contentItem(player, nowMs);
  return protocolMessage(MessageType.SET_STATE_MESSAGE, {
    setStateMessage: {
      supportedCommands: { supportedCommands: commandInfos(player) },
      playbackQueue: { location: 0, contentItems: item ? [item] : [] },
      ...(player.playerName === undefined ? {} : { displayName: player.playerName }),
      ...(player.playbackState === undefined ? {} : { playbackState: player.playbackState }),
      playerPath: playerPath(player),
    },
  });
}

/** Only changed metadata fields of the current item (UPDATE_CONTENT_ITEM). */
export function updateContentItem(player: FakePlayer, metadata: MetadataInit): ProtocolMessage {
  const item: ContentItemInit =
    player.itemIdentifier === undefined ? { metadata } : { identifier: player.itemIdentifier, metadata };
  return protocolMessage(MessageType.UPDATE_CONTENT_ITEM_MESSAGE, {
    updateContentItemMessage: { contentItems: [item], playerPath: playerPath(player) },
  });
}

/** The reply to a PLAYBACK_QUEUE_REQUEST: SET_STATE with the item's artwork bytes. */
export function artworkReply(player: FakePlayer | undefined, identifier: string): ProtocolMessage {
  const art = player?.artwork;
  const items: ContentItemInit[] = art
    ? [{ artworkData: art.bytes, artworkDataWidth: art.width, artworkDataHeight: art.height }]
    : [];
  return protocolMessage(MessageType.SET_STATE_MESSAGE, {
    identifier,
    setStateMessage: { playbackQueue: { location: 0, contentItems: items } },
  });
}

export function setNowPlayingClient(player: FakePlayer): ProtocolMessage {
  return protocolMessage(MessageType.SET_NOW_PLAYING_CLIENT_MESSAGE, {
    setNowPlayingClientMessage: { client: playerPath(player).client },
  });
}

export function setNowPlayingPlayer(player: FakePlayer): ProtocolMessage {
  return protocolMessage(MessageType.SET_NOW_PLAYING_PLAYER_MESSAGE, {
    setNowPlayingPlayerMessage: { playerPath: playerPath(player) },
  });
}

export function updateClient(player: FakePlayer): ProtocolMessage {
  return protocolMessage(MessageType.UPDATE_CLIENT_MESSAGE, {
    updateClientMessage: { client: playerPath(player).client },
  });
}

export function removeClient(bundleIdentifier: string): ProtocolMessage {
  return protocolMessage(MessageType.REMOVE_CLIENT_MESSAGE, {
    removeClientMessage: { client: { bundleIdentifier } },
  });
}

export function removePlayer(player: FakePlayer): ProtocolMessage {
  return protocolMessage(MessageType.REMOVE_PLAYER_MESSAGE, {
    removePlayerMessage: { playerPath: playerPath(player) },
  });
}

/** `volume` 0.0–1.0 of the output device `outputDeviceUID`. */
export function volumeDidChange(volume: number, outputDeviceUID: string): ProtocolMessage {
  return protocolMessage(MessageType.VOLUME_DID_CHANGE_MESSAGE, {
    volumeDidChangeMessage: { volume, outputDeviceUID },
  });
}

export function volumeControlAvailability(state: MrpDeviceState): ProtocolMessage {
  return protocolMessage(MessageType.VOLUME_CONTROL_AVAILABILITY_MESSAGE, {
    volumeControlAvailabilityMessage: {
      volumeControlAvailable: state.volumeControlAvailable,
      volumeCapabilities: state.volumeCapabilities,
    },
  });
}

export function volumeControlCapabilitiesDidChange(state: MrpDeviceState): ProtocolMessage {
  return protocolMessage(MessageType.VOLUME_CONTROL_CAPABILITIES_DID_CHANGE_MESSAGE, {
    volumeControlCapabilitiesDidChangeMessage: {
      capabilities: {
        volumeControlAvailable: state.volumeControlAvailable,
        volumeCapabilities: state.volumeCapabilities,
      },
      outputDeviceUID: state.volumeUid,
    },
  });
}

export function sendCommandResult(
  identifier: string,
  sendError: SendError = SendError.NO_ERROR,
): ProtocolMessage {
  return protocolMessage(MessageType.SEND_COMMAND_RESULT_MESSAGE, {
    identifier,
    sendCommandResultMessage: { sendError, handlerReturnStatus: 0 },
  });
}

export function keyboardReply(identifier: string): ProtocolMessage {
  return protocolMessage(MessageType.KEYBOARD_MESSAGE, {
    identifier,
    keyboardMessage: { state: KeyboardState.NOT_EDITING },
  });
}

/** An empty answer (UNKNOWN_MESSAGE), echoing `identifier` when the request had one. */
export function emptyReply(identifier?: string): ProtocolMessage {
  return protocolMessage(MessageType.UNKNOWN_MESSAGE, identifier ? { identifier } : {});
}

/** A pairing answer: no identifier (the client matches it by type). */
export function cryptoPairingReply(pairingData: Uint8Array): ProtocolMessage {
  return protocolMessage(MessageType.CRYPTO_PAIRING_MESSAGE, {
    cryptoPairingMessage: {
      pairingData,
      status: 0,
      isRetrying: false,
      isUsingSystemPairing: false,
      state: 0,
    },
  });
}
