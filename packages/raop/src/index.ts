/**
 * @atv/raop: stream audio to AirPlay receivers (RAOP/AirTunes, AirPlay 1 flavour): discovery,
 * RTSP session, RTP audio (L16 or ALAC escape frames) with sync/timing/retransmission, volume and
 * metadata, plus a receiver side for the simulator and tests.
 */
export { raopProtocol, RaopSetup } from "./module.js";
export {
  RAOP_SERVICE_TYPE,
  parseInstanceName,
  raopDeviceInfo,
  updateRaopServiceDetails,
} from "./discovery.js";
export {
  RaopClient,
  choosePayload,
  BACKLOG_PACKETS,
  DEFAULT_LATENCY_FRAMES,
  PACKET_PCM_BYTES,
  type RaopClientEvents,
  type RaopClientOptions,
  type RaopTransport,
  type StreamProgress,
  type TrackMetadata,
} from "./client.js";
export { Pacer, monotonicClock, DEFAULT_TICK_MS, type PacerClock, type PacerOptions } from "./pacer.js";
export {
  RtpAudioSender,
  BACKLOG_RING_PACKETS,
  type DatagramSink,
  type RtpAudioSenderOptions,
} from "./rtp-sender.js";
export { sendPaced, PROGRESS_PACKETS, type PacketSink, type SendLoopOptions } from "./send-loop.js";
export {
  RaopStream,
  RaopFeatures,
  RAOP_FEATURES,
  DEFAULT_VOLUME,
  type RaopStreamEvents,
  type RaopStreamOptions,
} from "./stream.js";
export {
  openAudio,
  sourceBytes,
  type AudioSource,
  type DecodedAudio,
  type SourceMetadata,
} from "./audio/source.js";
export {
  AUDIO_FORMAT_ALAC_44100_16_2,
  AUDIO_FORMAT_PCM_44100_16_2,
  decryptAudioPayload,
  encryptAudioPacket,
} from "./airplay2.js";
export { alacFrameBytes, decodeAlacEscape, encodeAlacEscape } from "./alac.js";
export { decodeTrackMetadata, encodeTrackMetadata, type TrackText } from "./dmap.js";
export * from "./packets.js";
export {
  buildSdp,
  parseSdp,
  parseTransport,
  transportPort,
  FRAMES_PER_PACKET,
  type PayloadFormat,
  type ParsedSdp,
} from "./sdp.js";
export * from "./time.js";
export { dbToPercent, formatDb, percentToDb, MUTE_DB } from "./volume.js";
export { AudioFormatError, MalformedPacketError, MalformedRaopMessageError } from "./errors.js";
export {
  startRaopReceiver,
  RaopReceiverState,
  type RaopReceiver,
  type RaopReceiverOptions,
  type ReceiverEvents,
} from "./server/receiver.js";
export {
  RaopGroup,
  streamGroup,
  GROUP_BACKLOG_PACKETS,
  type GroupProgress,
  type GroupStreamOptions,
  type MemberInfo,
  type MemberJoin,
  type RaopGroupEvents,
  type RaopGroupOptions,
} from "./group/group.js";
export { GroupClock, GroupTimeline, type TimelineOptions } from "./group/clock.js";
export type { GroupMemberConfig, MemberState } from "./group/member.js";
export {
  memberFromConfig,
  streamFileToGroup,
  type GroupDevice,
  type GroupFileOptions,
  type GroupMemberSpec,
} from "./group/from-config.js";
