/** Exponential back-off with jitter for reconnect attempts. */

export interface BackoffOptions {
  /** Delay before the first retry (default 500 ms). */
  initialDelayMs?: number;
  /** Upper bound of any delay (default 30 000 ms). */
  maxDelayMs?: number;
  /** Growth per attempt (default 2). */
  factor?: number;
  /** Fraction of the delay that is randomised, 0–1 (default 0.2: ±20 %). */
  jitter?: number;
}

/**
 * The delay before retry number `attempt` (1-based): `initial · factor^(attempt-1)`, capped at
 * `maxDelayMs`, then spread by ±`jitter` so many clients do not retry in step. Never negative,
 * never above `maxDelayMs`.
 */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions = {},
  random: () => number = Math.random,
): number {
  if (!Number.isInteger(attempt) || attempt < 1)
    throw new RangeError(`attempt must be an integer ≥ 1, got ${attempt}`);
  const initial = options.initialDelayMs ?? 500;
  const max = options.maxDelayMs ?? 30_000;
  const factor = options.factor ?? 2;
  const jitter = options.jitter ?? 0.2;
  if (initial < 0 || max < 0 || factor < 1 || jitter < 0 || jitter > 1)
    throw new RangeError("backoff: delays must be ≥ 0, factor ≥ 1 and jitter within 0–1");
  const base = Math.min(max, initial * factor ** (attempt - 1));
  const spread = base * jitter * (random() * 2 - 1);
  return Math.round(Math.min(max, Math.max(0, base + spread)));
}
