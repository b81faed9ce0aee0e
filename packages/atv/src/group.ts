/**
 * Multi-room audio: one file, URL or stream to several receivers at once, in sync (issue #14).
 * Devices are scanned configs (their RAOP service is used) or RAOP member configs; @atv/raop is
 * loaded only when a group is streamed.
 */
import type { AudioSource, GroupFileOptions, GroupMemberSpec, RaopGroup } from "@atv/raop";

export type {
  AudioSource,
  GroupDevice,
  GroupMemberSpec,
  GroupFileOptions,
  GroupMemberConfig,
  GroupProgress,
  MemberInfo,
  MemberJoin,
  RaopGroup,
  RaopGroupEvents,
} from "@atv/raop";

/**
 * Streams `source` to every device together and resolves with the (closed) group once it has been
 * played out. `options.onGroup` hands out the group first: events, `setVolume(id, percent)`,
 * `add(config)` and `remove(id)` while it plays.
 */
export async function streamGroup(
  devices: readonly GroupMemberSpec[],
  source: AudioSource,
  options: GroupFileOptions = {},
): Promise<RaopGroup> {
  const { streamFileToGroup } = await import("@atv/raop");
  return streamFileToGroup(devices, source, options);
}
