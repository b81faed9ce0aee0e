/** @atv/airplay: AirPlay client and receiver side. The public surface grows as the package lands. */
export const AIRPLAY_DEFAULT_PORT = 7000;
