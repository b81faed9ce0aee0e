/**
 * Group streaming from what a scan returns: a device config → a member config (its RAOP service,
 * address, password, AirPlay version and credentials, as the RAOP module's setup), and a file, URL
 * or byte stream → decoded PCM with its tags → `streamGroup`.
 */
import { NotSupportedError, Protocol, type AppleTVConfig } from "@atv/core";
import { effectiveCredentials, protocolVersion } from "@atv/airplay/protocol";
import { openAudio, type AudioSource } from "../audio/source.js";
import { readTags } from "../audio/tags.js";
import type { TrackMetadata } from "../client.js";
import type { RaopGroup } from "./group.js";
import { streamGroup, type GroupStreamOptions, type RaopGroupOptions } from "./group.js";
import type { GroupMemberConfig } from "./member.js";

const DEFAULT_METADATA = { title: "Streaming with pyatv", artist: "pyatv", album: "AirPlay" };

/** The member config of a scanned device (its RAOP service); NotSupportedError without one. */
export function memberFromConfig(
  config: AppleTVConfig,
  extra: Partial<Pick<GroupMemberConfig, "id" | "volume" | "logger">> = {},
): GroupMemberConfig {
  const service = config.getService(Protocol.RAOP);
  if (!service) throw new NotSupportedError(`${config.name} has no RAOP (AirPlay audio) service`);
  const credentials = effectiveCredentials(service);
  const id = extra.id ?? config.identifier ?? service.identifier ?? `${config.address}:${service.port}`;
  return {
    ...extra,
    id,
    host: config.address,
    port: service.port,
    properties: service.properties.toObject(),
    version: protocolVersion(service.properties),
    ...(credentials.kind === "none" ? {} : { credentials }),
    ...(service.password ? { password: service.password } : {}),
  };
}

/** A scanned device with the id and initial volume (percent) it has in the group. */
export interface GroupDevice {
  readonly config: AppleTVConfig;
  readonly id?: string;
  readonly volume?: number;
}

export type GroupMemberSpec = GroupMemberConfig | AppleTVConfig | GroupDevice;

function toMember(spec: GroupMemberSpec): GroupMemberConfig {
  if ("getService" in spec) return memberFromConfig(spec);
  if ("config" in spec)
    return memberFromConfig(spec.config, {
      ...(spec.id === undefined ? {} : { id: spec.id }),
      ...(spec.volume === undefined ? {} : { volume: spec.volume }),
    });
  return spec;
}

export interface GroupFileOptions extends GroupStreamOptions, RaopGroupOptions {
  /** Called with the group before it connects (events, volume, joining and leaving). */
  onGroup?: (group: RaopGroup) => void;
}

/** Decodes `source` (path, URL, bytes or stream) once and streams it to every member together. */
export async function streamFileToGroup(
  members: readonly GroupMemberSpec[],
  source: AudioSource,
  options: GroupFileOptions = {},
): Promise<RaopGroup> {
  const configs = members.map(toMember);
  const audio = await openAudio(source, options.signal);
  const tags = await readTags(source, options.logger);
  const metadata: TrackMetadata = {
    ...DEFAULT_METADATA,
    ...tags,
    ...audio.metadata,
    ...options.metadata,
  };
  return streamGroup(configs, audio.pcm, { ...options, metadata });
}
