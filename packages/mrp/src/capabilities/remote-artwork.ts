/**
 * Artwork an app publishes by URL instead of (or besides) over MRP (mrp.md §12):
 * `artworkIdentifier` may be an iTunes-style template with `{w}`, `{h}`, `{c}`
 * and `{f}` placeholders, `artworkURL` a fixed-size image. pyatv tries the
 * filled-in template, then `artworkURL`, over HTTP(S), before asking the device.
 */
import type { ArtworkInfo, Logger } from "@atv/core";

/** Largest artwork body accepted (checked against Content-Length and while reading). */
export const MAX_REMOTE_ARTWORK_BYTES = 16 * 1024 * 1024;
/** Per-URL timeout. */
export const REMOTE_ARTWORK_TIMEOUT_MS = 10_000;
/** What pyatv puts for a side < 1 ("any"): the iTunes image server keeps the aspect ratio. */
const ANY_SIZE = 999999;

/** MIME type from the first bytes, when the source did not say. */
export function sniffMimeType(bytes: Uint8Array): string {
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return "image/png";
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return "image/jpeg";
  return "application/octet-stream";
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
  } catch {
    return false;
  }
}

/**
 * Fills an artwork URL template as pyatv does (`str.format(w=, h=, c="bb", f="png")`):
 * undefined when it names other placeholders or is not an http(s) URL afterwards.
 */
export function fillArtworkTemplate(template: string, width: number, height: number): string | undefined {
  const values: Record<string, string> = {
    w: String(width < 1 ? ANY_SIZE : width),
    h: String(height < 1 ? ANY_SIZE : height),
    c: "bb",
    f: "png",
  };
  const field = /\{\{|\}\}|\{([^{}]*)\}/g;
  if (/[{}]/.test(template.replace(field, ""))) return undefined; // a lone brace: ValueError in Python
  let unknown = false;
  const filled = template.replace(field, (match, name: string | undefined) => {
    if (match === "{{") return "{";
    if (match === "}}") return "}";
    const value = name === undefined ? undefined : values[name];
    if (value === undefined) unknown = true;
    return value ?? match;
  });
  if (unknown) return undefined;
  return isHttpUrl(filled) ? filled : undefined;
}

/** The URLs to try, in pyatv's order: the filled template, then artworkURL. */
export function remoteArtworkUrls(
  artworkIdentifier: string | undefined,
  artworkURL: string | undefined,
  width: number,
  height: number,
): string[] {
  const urls: string[] = [];
  if (artworkIdentifier !== undefined) {
    const url = fillArtworkTemplate(artworkIdentifier, width, height);
    if (url) urls.push(url);
  }
  if (artworkURL !== undefined && artworkURL !== "") urls.push(artworkURL);
  return urls;
}

async function readBounded(response: Response, maxBytes: number): Promise<Uint8Array | undefined> {
  const length = Number(response.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(length) && length > maxBytes) return undefined;
  if (!response.body) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

export interface RemoteArtworkOptions {
  signal?: AbortSignal | undefined;
  logger?: Logger | undefined;
  timeoutMs?: number;
  maxBytes?: number;
}

/**
 * GETs each URL in turn; the first 200 answer wins (its Content-Type is the
 * MIME type; width/height are the requested ones, as pyatv). Network errors,
 * other statuses and oversized bodies move on to the next URL; undefined when
 * none worked. A caller's abort rejects.
 */
export async function fetchRemoteArtwork(
  urls: readonly string[],
  width: number,
  height: number,
  options: RemoteArtworkOptions = {},
): Promise<ArtworkInfo | undefined> {
  for (const url of urls) {
    options.signal?.throwIfAborted();
    const timeout = AbortSignal.timeout(options.timeoutMs ?? REMOTE_ARTWORK_TIMEOUT_MS);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    try {
      const response = await fetch(url, { signal });
      if (response.status !== 200) {
        await response.body?.cancel();
        options.logger?.(`artwork ${url}: HTTP ${response.status}`);
        continue;
      }
      const bytes = await readBounded(response, options.maxBytes ?? MAX_REMOTE_ARTWORK_BYTES);
      if (!bytes) {
        options.logger?.(`artwork ${url}: larger than allowed`);
        continue;
      }
      return {
        bytes,
        mimetype: response.headers.get("content-type") || sniffMimeType(bytes),
        width,
        height,
      };
    } catch (error) {
      options.signal?.throwIfAborted();
      options.logger?.(`artwork ${url}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return undefined;
}
