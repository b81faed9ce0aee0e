/**
 * Builders for the messages the client sends, with the values pyatv uses
 * (mrp.md §5–§13). Pure: each returns a ProtocolMessage ready to encode.
 */
import type { MessageInitShape } from "@bufbuild/protobuf";
import type { CommandOptionsSchema } from "../gen/atv/mrp/command_pb.js";
import type { Command } from "../gen/atv/mrp/command_pb.js";
import { ConnectionState } from "../gen/atv/mrp/control_pb.js";
import { DeviceClass, type DeviceInfoMessageSchema } from "../gen/atv/mrp/device_info_pb.js";
import type { ProtocolMessage } from "../gen/atv/mrp/protocol_message_pb.js";
import { ModifyOutputContextType } from "../gen/atv/mrp/audio_pb.js";
import { encodeHidEvent, type HidKey } from "./hid.js";
import { MessageType, protocolMessage } from "./protocol-message.js";

export type DeviceInfoInit = Omit<MessageInitShape<typeof DeviceInfoMessageSchema>, "$typeName">;
export type CommandOptionsInit = Omit<MessageInitShape<typeof CommandOptionsSchema>, "$typeName">;

/** The client's DeviceInfo defaults (what pyatv sends, mrp.md §7). */
/** Build pyatv sends when settings give none (its InfoSettings.os_build default). */
export const DEFAULT_CLIENT_OS_BUILD = "18G82";

/** Our DEVICE_INFO (pyatv messages.device_information); `systemBuildVersion` is settings.info.os_build. */
export function clientDeviceInfo(
  uniqueIdentifier: string,
  name: string,
  overrides: DeviceInfoInit = {},
): DeviceInfoInit {
  return {
    uniqueIdentifier,
    name,
    localizedModelName: "iPhone",
    systemBuildVersion: DEFAULT_CLIENT_OS_BUILD,
    applicationBundleIdentifier: "com.apple.TVRemote",
    applicationBundleVersion: "344.28",
    protocolVersion: 1,
    lastSupportedMessageType: 108,
    supportsSystemPairing: true,
    allowsPairing: true,
    systemMediaApplication: "com.apple.TVMusic",
    supportsACL: true,
    supportsSharedQueue: true,
    supportsExtendedMotion: true,
    sharedQueueVersion: 2,
    deviceClass: DeviceClass.IPHONE,
    logicalDeviceCount: 1,
    ...overrides,
  };
}

export function deviceInfoMessage(info: DeviceInfoInit): ProtocolMessage {
  return protocolMessage(MessageType.DEVICE_INFO_MESSAGE, { deviceInfoMessage: info });
}

export function setConnectionStateMessage(
  state: ConnectionState = ConnectionState.CONNECTED,
): ProtocolMessage {
  return protocolMessage(MessageType.SET_CONNECTION_STATE_MESSAGE, { setConnectionStateMessage: { state } });
}

export function clientUpdatesConfigMessage(): ProtocolMessage {
  return protocolMessage(MessageType.CLIENT_UPDATES_CONFIG_MESSAGE, {
    clientUpdatesConfigMessage: {
      artworkUpdates: true,
      nowPlayingUpdates: false,
      volumeUpdates: true,
      keyboardUpdates: true,
      outputDeviceUpdates: true,
    },
  });
}

export function getKeyboardSessionMessage(): ProtocolMessage {
  return protocolMessage(MessageType.GET_KEYBOARD_SESSION_MESSAGE);
}

/** A pairing message; `pairSetupM1` marks the first pair-setup message (CryptoPairingMessage.state = 2). */
export function cryptoPairingMessage(pairingData: Uint8Array, pairSetupM1 = false): ProtocolMessage {
  return protocolMessage(MessageType.CRYPTO_PAIRING_MESSAGE, {
    cryptoPairingMessage: {
      pairingData,
      status: 0,
      isRetrying: false,
      isUsingSystemPairing: false,
      state: pairSetupM1 ? 2 : 0,
    },
  });
}

export function hidEventMessage(key: HidKey, pressed: boolean): ProtocolMessage {
  return protocolMessage(MessageType.SEND_HID_EVENT_MESSAGE, {
    sendHIDEventMessage: { hidEventData: encodeHidEvent(key, pressed) },
  });
}

export function sendCommandMessage(command: Command, options?: CommandOptionsInit): ProtocolMessage {
  return protocolMessage(MessageType.SEND_COMMAND_MESSAGE, {
    sendCommandMessage: options ? { command, options } : { command },
  });
}

/** `volume` is 0.0–1.0. */
export function setVolumeMessage(volume: number, outputDeviceUID: string): ProtocolMessage {
  return protocolMessage(MessageType.SET_VOLUME_MESSAGE, { setVolumeMessage: { volume, outputDeviceUID } });
}

export function wakeDeviceMessage(): ProtocolMessage {
  return protocolMessage(MessageType.WAKE_DEVICE_MESSAGE, { wakeDeviceMessage: {} });
}

/** The heartbeat / flush message: a GENERIC_MESSAGE with no inner message. */
export function genericMessage(): ProtocolMessage {
  return protocolMessage(MessageType.GENERIC_MESSAGE);
}

/** Asks for one queue item with artwork; `artworkHeight` −1 keeps the aspect ratio. */
export function playbackQueueRequestMessage(
  location: number,
  artworkWidth: number,
  artworkHeight: number,
): ProtocolMessage {
  return protocolMessage(MessageType.PLAYBACK_QUEUE_REQUEST_MESSAGE, {
    playbackQueueRequestMessage: {
      location,
      length: 1,
      artworkWidth,
      artworkHeight,
      returnContentItemAssetsInUserCompletion: true,
    },
  });
}

export interface OutputContextChange {
  adding?: readonly string[];
  removing?: readonly string[];
  setting?: readonly string[];
}

/** Changes the speaker group; pyatv fills the plain and the cluster-aware lists alike. */
export function modifyOutputContextMessage(change: OutputContextChange): ProtocolMessage {
  const adding = [...(change.adding ?? [])];
  const removing = [...(change.removing ?? [])];
  const setting = [...(change.setting ?? [])];
  return protocolMessage(MessageType.MODIFY_OUTPUT_CONTEXT_REQUEST_MESSAGE, {
    modifyOutputContextRequestMessage: {
      type: ModifyOutputContextType.SHARED_AUDIO_PRESENTATION,
      addingDevices: adding,
      removingDevices: removing,
      settingDevices: setting,
      clusterAwareAddingDevices: adding,
      clusterAwareRemovingDevices: removing,
      clusterAwareSettingDevices: setting,
    },
  });
}
