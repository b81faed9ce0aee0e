/**
 * Tags and duration of a source file (ID3, Vorbis comments, FLAC, WAV INFO, MP4 …) with
 * music-metadata, as pyatv reads them with its own tag reader: only for a local path or bytes
 * (URLs, stdin and streams cannot be read twice); failures are ignored (the defaults apply).
 */
import type { Logger } from "@atv/core";
import type { AudioSource, SourceMetadata } from "./source.js";

export interface SourceTags extends SourceMetadata {
  /** JPEG or PNG bytes of the first embedded picture. */
  artwork?: Uint8Array;
}

const isLocalPath = (s: string): boolean => s !== "-" && !/^[a-z][a-z0-9+.-]*:\/\//i.test(s);

export async function readTags(source: AudioSource, log?: Logger): Promise<SourceTags> {
  if (!(source instanceof Uint8Array) && !(typeof source === "string" && isLocalPath(source))) return {};
  try {
    const mm = await import("music-metadata");
    const options = { duration: true };
    const meta =
      source instanceof Uint8Array
        ? await mm.parseBuffer(source, undefined, options)
        : await mm.parseFile(source, options);
    const out: SourceTags = {};
    const { title, artist, album, picture } = meta.common;
    if (title) out.title = title;
    if (artist) out.artist = artist;
    if (album) out.album = album;
    if (meta.format.duration !== undefined && Number.isFinite(meta.format.duration))
      out.duration = meta.format.duration;
    const image = picture?.[0];
    if (image && /^image\/(jpeg|jpg|png)$/i.test(image.format)) out.artwork = new Uint8Array(image.data);
    return out;
  } catch (error) {
    log?.("no tags read: %s", error instanceof Error ? error.message : String(error));
    return {};
  }
}
