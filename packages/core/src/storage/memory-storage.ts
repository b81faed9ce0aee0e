/**
 * Storage that keeps settings in memory only (pyatv's `MemoryStorage`, the default
 * when no storage is given). `load()` does nothing; `save()` only marks the current
 * state as saved.
 */
import { AbstractStorage, type StorageOptions } from "./storage.js";
import { settle } from "./util.js";

export class MemoryStorage extends AbstractStorage {
  load(options: StorageOptions = {}): Promise<void> {
    return settle(options.signal, () => undefined);
  }

  save(options: StorageOptions = {}): Promise<void> {
    return settle(options.signal, () => this.updateHash(this.dumpModel()));
  }

  override toString(): string {
    return "MemoryStorage";
  }
}
