/**
 * Everything one `atv` invocation shares between its commands: options, output,
 * stdin, and the lazily opened storage, device configuration and connection.
 */
import type { AppleTV, AppleTVConfig, Storage } from "../index.js";
import { findDevice } from "./device.js";
import { ExitCode } from "./errors.js";
import { LineReader, writeLine, type CliIo } from "./io.js";
import { pythonJsonLine, resultObject, type Failure, type JsonObject } from "./json-output.js";
import type { AtvLibrary } from "./library.js";
import type { CliOptions } from "./options.js";

export class CliContext {
  readonly lines: LineReader;
  #storage: Promise<Storage> | undefined;
  #config: AppleTVConfig | undefined;
  #atv: AppleTV | undefined;

  constructor(
    readonly lib: AtvLibrary,
    readonly options: CliOptions,
    readonly io: CliIo,
    readonly now: () => Date = () => new Date(),
  ) {
    this.lines = new LineReader(io.stdin);
  }

  get json(): boolean {
    return this.options.json;
  }

  get signal(): AbortSignal | undefined {
    return this.io.signal;
  }

  /** Options for library calls: the signal, when there is one. */
  get callOptions(): { signal?: AbortSignal } {
    return this.io.signal ? { signal: this.io.signal } : {};
  }

  /** A line of human output on stdout (ignored in --json mode). */
  print(text = ""): void {
    if (!this.json) writeLine(this.io.stdout, text);
  }

  /** A line on stderr. */
  warn(text: string): void {
    writeLine(this.io.stderr, text);
  }

  /** One JSON object (atvscript's format) on stdout. */
  emit(values: JsonObject, success = true, failure: Failure = {}): void {
    writeLine(this.io.stdout, pythonJsonLine(resultObject(success, values, this.now(), failure)));
  }

  /**
   * Writes `question` (stdout, or stderr in --json mode) and reads one line;
   * undefined on end of input. Throws the signal's reason once it aborted.
   */
  async prompt(question: string): Promise<string | undefined> {
    (this.json ? this.io.stderr : this.io.stdout).write(question);
    const line = await this.lines.readLine(this.signal);
    // Ctrl+C at a prompt interrupts the command (exit 130) rather than answering it.
    this.signal?.throwIfAborted();
    return line?.trim();
  }

  /** The settings storage, created and loaded on first use. */
  storage(): Promise<Storage> {
    this.#storage ??= (async () => {
      const { lib, options } = this;
      const storage =
        options.storage === "none"
          ? new lib.MemoryStorage()
          : new lib.FileStorage(options.storageFilename ?? lib.FileStorage.defaultPath());
      await storage.load(this.callOptions);
      return storage;
    })();
    return this.#storage;
  }

  /** The device the command line names (found by scanning, or built with --manual). */
  async config(): Promise<AppleTVConfig> {
    this.#config ??= await findDevice(this);
    return this.#config;
  }

  /** Uses an already found configuration (the wizard picks one itself). */
  useConfig(config: AppleTVConfig): void {
    this.#config = config;
  }

  /** The connected device, connected on first use. */
  async device(): Promise<AppleTV> {
    if (this.#atv && !this.#atv.closed) return this.#atv;
    const config = await this.config();
    const storage = await this.storage();
    this.#atv = await this.lib.connect(config, { storage, ...this.callOptions });
    return this.#atv;
  }

  /** Closes the connection and saves the storage (written only if it changed). */
  async close(): Promise<number> {
    this.lines.close();
    let code: number = ExitCode.Ok;
    if (this.#atv) await this.#atv.close();
    if (this.#storage) {
      // A storage that failed to load was reported where it was used.
      const storage = await this.#storage.catch(() => undefined);
      try {
        await storage?.save();
      } catch (error) {
        this.warn(`Could not save settings: ${error instanceof Error ? error.message : String(error)}`);
        code = ExitCode.Error;
      }
    }
    return code;
  }
}
