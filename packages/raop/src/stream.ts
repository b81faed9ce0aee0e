/**
 * The facade side of RAOP: `stream.streamFile(source, { metadata, overrideMissingMetadata })`,
 * `audio` (volume over SET_PARAMETER) and `remoteControl.stop/pause` (end the stream), as pyatv's
 * RaopStream/RaopAudio do. Each streamFile opens its own RTSP session; one at a time per device.
 */
import {
  DeviceState,
  FeatureName,
  MediaType,
  Playing,
  FeatureState,
  InvalidStateError,
  NotSupportedError,
  TypedEmitter,
  createLogger,
  featureInfo,
  type AudioEvents,
  type CallOptions,
  type FeatureInfo,
  FeaturesBase,
  type Logger,
  type MediaMetadata,
  type StreamFileOptions,
} from "@atv/core";
import { openAudio, type AudioSource } from "./audio/source.js";
import { readTags } from "./audio/tags.js";
import { RaopClient, type RaopClientOptions, type StreamProgress, type TrackMetadata } from "./client.js";

export const DEFAULT_VOLUME = 33;
const DEFAULT_METADATA = { title: "Streaming with pyatv", artist: "pyatv", album: "AirPlay" };

export type RaopStreamOptions = Omit<RaopClientOptions, "logger"> & { logger?: Logger };

export interface RaopStreamEvents {
  [event: string]: unknown[];
  progress: [progress: StreamProgress];
  started: [metadata: TrackMetadata];
  finished: [];
}

export class RaopStream extends TypedEmitter<RaopStreamEvents & AudioEvents> {
  readonly #o: RaopStreamOptions;
  readonly #log: Logger;
  #client: RaopClient | undefined;
  #stop: AbortController | undefined;
  #volume: number | undefined;
  #metadata: TrackMetadata | undefined;
  #position = 0;
  #lastPayload: "L16" | "ALAC" | undefined;

  constructor(options: RaopStreamOptions) {
    super();
    this.#o = options;
    this.#log = options.logger ?? createLogger("atv:raop:stream");
  }

  /** Payload format of the last (or current) stream. */
  get lastPayload(): "L16" | "ALAC" | undefined {
    return this.#lastPayload;
  }

  get streaming(): boolean {
    return this.#client !== undefined;
  }

  /** What is being streamed (title/artist/album/duration) and the position in seconds. */
  get nowPlaying(): (TrackMetadata & { position: number }) | undefined {
    return this.#metadata ? { ...this.#metadata, position: this.#position } : undefined;
  }

  /** What pyatv's RAOP metadata reports: the track being streamed, else idle. */
  playing(): Promise<Playing> {
    const now = this.nowPlaying;
    if (!now)
      return Promise.resolve(new Playing({ deviceState: DeviceState.Idle, mediaType: MediaType.Unknown }));
    return Promise.resolve(
      new Playing({
        deviceState: DeviceState.Playing,
        mediaType: MediaType.Music,
        title: now.title,
        artist: now.artist,
        album: now.album,
        position: Math.floor(now.position),
        totalTime: now.duration ? Math.floor(now.duration) : undefined,
      }),
    );
  }

  /** Volume in percent (pyatv's default 33 % until set or learnt from /info). */
  get volume(): number {
    return this.#volume ?? DEFAULT_VOLUME;
  }

  playUrl(): Promise<void> {
    return Promise.reject(new NotSupportedError("play_url is not supported by RAOP"));
  }

  async streamFile(file: AudioSource, options: StreamFileOptions = {}): Promise<void> {
    if (this.#client) throw new InvalidStateError("already streaming to this device");
    const stop = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
    // Open and check the source first: a corrupt file fails before anything is sent.
    const audio = await openAudio(file, signal);
    const tags = await readTags(file, this.#log);
    const metadata = mergeMetadata(
      { ...tags, ...audio.metadata },
      options.metadata,
      options.overrideMissingMetadata ?? false,
    );
    const client = new RaopClient({ ...this.#o, logger: this.#log });
    this.#client = client;
    this.#lastPayload = client.payload;
    this.#stop = stop;
    this.#metadata = metadata;
    this.#position = 0;
    const off = client.on("progress", (p) => {
      this.#position = p.position;
      this.emit("progress", p);
      options.onProgress?.({ position: p.position, duration: p.duration, framesSent: p.framesSent });
    });
    try {
      await client.connect({ signal });
      if (this.#volume === undefined && client.initialVolume !== undefined) this.#adopt(client.initialVolume);
      this.emit("started", metadata);
      await client.stream(audio.pcm, metadata, { signal, volume: this.volume });
      options.signal?.throwIfAborted();
    } finally {
      off();
      this.#client = undefined;
      this.#stop = undefined;
      this.#metadata = undefined;
      await client.close();
      this.emit("finished");
    }
  }

  #adopt(level: number): void {
    const old = this.volume;
    this.#volume = level;
    if (old !== level) this.emit("volumeChanged", old, level);
  }

  async setVolume(level: number, options: CallOptions = {}): Promise<void> {
    if (!Number.isFinite(level) || level < 0 || level > 100)
      throw new RangeError(`volume ${level} is not 0–100`);
    const client = this.#client;
    if (client) await client.setVolume(level, options);
    this.#adopt(level);
  }

  volumeUp(options: CallOptions = {}): Promise<void> {
    return this.setVolume(Math.min(100, this.volume + 5), options);
  }

  volumeDown(options: CallOptions = {}): Promise<void> {
    return this.setVolume(Math.max(0, this.volume - 5), options);
  }

  /** Ends the stream in progress (remoteControl.stop/pause); streamFile then resolves. */
  stopStream(): Promise<void> {
    this.#stop?.abort(new InvalidStateError("stream stopped"));
    return Promise.resolve();
  }

  close(): void {
    this.#stop?.abort(new InvalidStateError("stream closed"));
  }
}

function mergeMetadata(
  fromFile: TrackMetadata,
  given: MediaMetadata | undefined,
  overrideMissing: boolean,
): TrackMetadata {
  const out: TrackMetadata = { ...fromFile };
  if (given) {
    for (const key of ["title", "artist", "album", "artwork"] as const) {
      const value = given[key];
      if (value === undefined) continue;
      if (overrideMissing && out[key] !== undefined) continue;
      (out as Record<string, unknown>)[key] = value;
    }
  }
  out.title ??= DEFAULT_METADATA.title;
  out.artist ??= DEFAULT_METADATA.artist;
  out.album ??= DEFAULT_METADATA.album;
  return out;
}

export const RAOP_FEATURES: ReadonlySet<FeatureName> = new Set([
  FeatureName.StreamFile,
  FeatureName.Volume,
  FeatureName.SetVolume,
  FeatureName.VolumeUp,
  FeatureName.VolumeDown,
  FeatureName.Stop,
  FeatureName.Pause,
  FeatureName.Title,
  FeatureName.Artist,
  FeatureName.Album,
  FeatureName.Position,
  FeatureName.TotalTime,
]);

export class RaopFeatures extends FeaturesBase {
  readonly #stream: RaopStream;
  constructor(stream: RaopStream) {
    super();
    this.#stream = stream;
  }
  getFeature(name: FeatureName): FeatureInfo {
    if (name === FeatureName.Stop || name === FeatureName.Pause)
      return featureInfo(this.#stream.streaming ? FeatureState.Available : FeatureState.Unavailable);
    if (RAOP_FEATURES.has(name)) return featureInfo(FeatureState.Available);
    const now = this.#stream.nowPlaying;
    const known = (v: unknown): FeatureInfo =>
      featureInfo(v ? FeatureState.Available : FeatureState.Unavailable);
    if (name === FeatureName.Title) return known(now?.title);
    if (name === FeatureName.Artist) return known(now?.artist);
    if (name === FeatureName.Album) return known(now?.album);
    if (name === FeatureName.Position || name === FeatureName.TotalTime) return known(now?.duration);
    return featureInfo(FeatureState.Unsupported);
  }
}
