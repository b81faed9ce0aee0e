/** Seconds between the Unix epoch and 2001-01-01 00:00:00 UTC: MRP timestamps (elapsedTimeTimestamp …) count from there. */
export const APPLE_EPOCH_OFFSET_SECONDS = 978_307_200;
