/**
 * The storage contract and the logic shared by every storage (pyatv's `AbstractStorage`):
 * matching a configuration to its settings, creating and updating entries, and
 * change tracking by hashing the dumped document.
 */
import { DeviceIdMissingError } from "../errors.js";
import { createSettings, type JsonObject, type JsonValue, type Settings } from "../settings/index.js";
import { pythonJsonDumps } from "./python-json.js";
import { dumpStorageModel, parseStorageModel } from "./storage-model.js";
import { settingsMatch, updateSettingsFromConfig, type SettingsTarget } from "./target.js";
import { settle, sha256Hex } from "./util.js";

export interface StorageOptions {
  readonly signal?: AbortSignal;
}

/** Persistent settings for any number of devices (pyatv's `interface.Storage`). */
export interface Storage {
  /** Settings of every device, one entry per device. */
  readonly settings: readonly Settings[];
  /** Reads the underlying store; call before use. */
  load(options?: StorageOptions): Promise<void>;
  /** Persists the current settings (a no-op when nothing changed). */
  save(options?: StorageOptions): Promise<void>;
  /**
   * The entry whose protocol identifiers overlap `config.allIdentifiers`, or a new one
   * created from the config. The object is live: changes stay in memory until `save()`.
   * Throws `DeviceIdMissingError` if the config has no identifiers.
   */
  getSettings(config: SettingsTarget, options?: StorageOptions): Promise<Settings>;
  /** Removes an entry (compared by identity); true if it was present. */
  removeSettings(settings: Settings, options?: StorageOptions): Promise<boolean>;
  /** Writes the config's identifiers, credentials and passwords into its entry. */
  updateSettings(config: SettingsTarget, options?: StorageOptions): Promise<void>;
}

/** Base class: everything except reading and writing the underlying store. */
export abstract class AbstractStorage implements Storage {
  #settings: Settings[] = [];
  #extra: Record<string, unknown> = {};
  #hash = sha256Hex(pythonJsonDumps({}));

  get settings(): readonly Settings[] {
    return this.#settings;
  }

  abstract load(options?: StorageOptions): Promise<void>;
  abstract save(options?: StorageOptions): Promise<void>;

  /** The document to persist (`{"version": 1, "devices": […]}`). Validates every entry. */
  protected dumpModel(): JsonObject {
    return dumpStorageModel({ devices: this.#settings, extra: this.#extra });
  }

  /** Replaces all settings with a parsed document (`SettingsError` if it is invalid). */
  protected loadModel(raw: unknown, source: string): void {
    const model = parseStorageModel(raw, source);
    this.#settings = model.devices;
    this.#extra = { ...model.extra };
  }

  /** True if `data` differs from what was last loaded or saved. */
  hasChanged(data: JsonValue): boolean {
    return this.#hash !== sha256Hex(pythonJsonDumps(data));
  }

  /** Records `data` as the loaded/saved state. */
  updateHash(data: JsonValue): void {
    this.#hash = sha256Hex(pythonJsonDumps(data));
  }

  /** True if the settings changed since they were last loaded or saved. */
  get changed(): boolean {
    return this.hasChanged(this.dumpModel());
  }

  getSettings(config: SettingsTarget, options: StorageOptions = {}): Promise<Settings> {
    return settle(options.signal, () => this.#getSettings(config));
  }

  removeSettings(settings: Settings, options: StorageOptions = {}): Promise<boolean> {
    return settle(options.signal, () => {
      const index = this.#settings.indexOf(settings);
      if (index < 0) return false;
      this.#settings.splice(index, 1);
      return true;
    });
  }

  updateSettings(config: SettingsTarget, options: StorageOptions = {}): Promise<void> {
    return settle(options.signal, () => updateSettingsFromConfig(config, this.#getSettings(config)));
  }

  #getSettings(config: SettingsTarget): Settings {
    const identifiers = config.allIdentifiers;
    if (identifiers.length === 0) {
      throw new DeviceIdMissingError(`no identifier for device${config.name ? ` ${config.name}` : ""}`);
    }
    const existing = this.#settings.find((settings) => settingsMatch(settings, identifiers));
    if (existing !== undefined) return existing;
    const created = createSettings();
    updateSettingsFromConfig(config, created);
    this.#settings.push(created);
    return created;
  }
}
