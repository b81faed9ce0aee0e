/**
 * Settings in a JSON file, in pyatv's exact format, so atv and pyatv can share one file
 * (pyatv's `FileStorage`). Written only when the content changed, atomically (a temporary
 * file in the same directory, then rename) and with mode 0600 (it holds credentials).
 */
import { randomBytes } from "node:crypto";
import { open, readFile, realpath, rename, rm, stat } from "node:fs/promises";
import { homedir } from "node:os";
import { basename, dirname, join } from "node:path";
import { SettingsError } from "../errors.js";
import { createLogger, type Logger } from "../logger.js";
import type { JsonValue } from "../settings/index.js";
import { pythonJsonDumps } from "./python-json.js";
import { AbstractStorage, type StorageOptions } from "./storage.js";

/** Larger files are refused (a settings file is a few KiB per device). */
export const MAX_SETTINGS_FILE_BYTES = 16 * 1024 * 1024;

function errnoCode(error: unknown): string | undefined {
  if (typeof error === "object" && error !== null && "code" in error) {
    const { code } = error;
    return typeof code === "string" ? code : undefined;
  }
  return undefined;
}

function isAbort(error: unknown, signal: AbortSignal | undefined): boolean {
  return (
    (signal?.aborted === true && error === signal.reason) ||
    (error instanceof Error && error.name === "AbortError")
  );
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export interface FileStorageOptions {
  /** Debug logger; `atv:storage` by default. Never receives credentials. */
  readonly logger?: Logger;
}

export class FileStorage extends AbstractStorage {
  readonly path: string;
  readonly #log: Logger;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(path: string, options: FileStorageOptions = {}) {
    super();
    this.path = path;
    this.#log = options.logger ?? createLogger("atv:storage");
  }

  /** atv's default file: `~/.atv.conf`. */
  static defaultPath(): string {
    return join(homedir(), ".atv.conf");
  }

  /** pyatv's default file, `~/.pyatv.conf`, for sharing settings with pyatv's tools. */
  static pyatvDefaultPath(): string {
    return join(homedir(), ".pyatv.conf");
  }

  /** A storage on `defaultPath()`. */
  static defaultStorage(options: FileStorageOptions = {}): FileStorage {
    return new FileStorage(FileStorage.defaultPath(), options);
  }

  /**
   * Reads the file; does nothing if it does not exist. A file that is not valid JSON,
   * has the wrong shape or an invalid value, or a `version` other than 1 raises
   * `SettingsError` naming the file and the problem; the current settings are kept then.
   */
  load(options: StorageOptions = {}): Promise<void> {
    return this.#exclusive(() => this.#load(options.signal));
  }

  /** Writes the file if the content differs from what was last loaded or saved. */
  save(options: StorageOptions = {}): Promise<void> {
    return this.#exclusive(() => this.#save(options.signal));
  }

  override toString(): string {
    return `FileStorage:${this.path}`;
  }

  /** Runs load/save one at a time. */
  #exclusive<T>(step: () => Promise<T>): Promise<T> {
    const result = this.#queue.then(step, step);
    this.#queue = result.catch(() => undefined);
    return result;
  }

  /** Set while the file exists but could not be loaded: save() then refuses to overwrite it. */
  #loadFailure: Error | undefined;

  async #load(signal: AbortSignal | undefined): Promise<void> {
    try {
      await this.#read(signal);
      this.#loadFailure = undefined;
    } catch (error) {
      if (!isAbort(error, signal) && error instanceof Error) this.#loadFailure = error;
      throw error;
    }
  }

  async #read(signal: AbortSignal | undefined): Promise<void> {
    signal?.throwIfAborted();
    let text: string;
    try {
      const info = await stat(this.path);
      if (info.size > MAX_SETTINGS_FILE_BYTES) {
        throw new SettingsError(
          `${this.path}: file is ${info.size} bytes, more than ${MAX_SETTINGS_FILE_BYTES}`,
        );
      }
      text = await readFile(this.path, { encoding: "utf8", ...(signal ? { signal } : {}) });
    } catch (error) {
      if (errnoCode(error) === "ENOENT") {
        this.#log("%s does not exist; nothing loaded", this.path);
        return;
      }
      if (error instanceof SettingsError || isAbort(error, signal)) throw error;
      throw new SettingsError(`${this.path}: cannot read: ${message(error)}`, { cause: error });
    }
    signal?.throwIfAborted();
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      throw new SettingsError(`${this.path}: not valid JSON: ${message(error)}`, { cause: error });
    }
    this.loadModel(raw, this.path);
    // Hash what was read rather than what we would write: if validation changed
    // anything (a generated rp_id, a dropped default), the next save writes it.
    this.updateHash(raw as JsonValue);
    this.#log("loaded %d device(s) from %s", this.settings.length, this.path);
  }

  async #save(signal: AbortSignal | undefined): Promise<void> {
    signal?.throwIfAborted();
    if (this.#loadFailure) {
      // Writing now would replace the user's file (which we could not read) with only what we know.
      throw new SettingsError(
        `${this.path}: not saved, because loading it failed (${this.#loadFailure.message}); fix or move the file, then load again`,
        { cause: this.#loadFailure },
      );
    }
    const data = this.dumpModel();
    if (!this.hasChanged(data)) {
      this.#log("%s unchanged; not written", this.path);
      return;
    }
    await this.#writeAtomically(`${pythonJsonDumps(data)}\n`, signal);
    this.updateHash(data);
    this.#log("saved %d device(s) to %s", this.settings.length, this.path);
  }

  async #writeAtomically(content: string, signal: AbortSignal | undefined): Promise<void> {
    const target = await resolveTarget(this.path);
    const temp = join(
      dirname(target),
      `.${basename(target)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`,
    );
    try {
      const handle = await open(temp, "wx", 0o600);
      try {
        await handle.writeFile(content, { encoding: "utf8", ...(signal ? { signal } : {}) });
        await handle.sync();
      } finally {
        await handle.close();
      }
      signal?.throwIfAborted();
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { force: true });
      if (isAbort(error, signal)) throw error;
      throw new SettingsError(`${this.path}: cannot write: ${message(error)}`, { cause: error });
    }
  }
}

/** Writes go through a symlink to the file it points at (so the link survives). */
async function resolveTarget(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch (error) {
    if (errnoCode(error) === "ENOENT") return path;
    throw new SettingsError(`${path}: cannot resolve: ${message(error)}`, { cause: error });
  }
}
