/** Percent ↔ dB volume scale of AirPlay/RAOP (airplay.md §8). */
export const MUTE_DB = -144.0;

export function percentToDb(percent: number): number {
  if (!Number.isFinite(percent) || percent < 0 || percent > 100)
    throw new RangeError(`volume ${percent} is not 0–100`);
  if (percent === 0) return MUTE_DB;
  return -30.0 + (percent / 100) * 30.0;
}

export function dbToPercent(db: number): number {
  if (!Number.isFinite(db) || db < -30.0) return 0;
  if (db > 0) return 100;
  return ((db + 30.0) / 30.0) * 100;
}

/** The `volume:` value as pyatv prints it (Python float repr, e.g. `-20.1`, `-15.0`). */
export function formatDb(db: number): string {
  const rounded = Math.round(db * 1e6) / 1e6;
  return Number.isInteger(rounded) ? rounded.toFixed(1) : String(rounded);
}
