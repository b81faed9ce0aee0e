/** The captured pyatv DMAP session (../shared/vectors/dmap-session.json) and its parts. */
import { loadVector, unhex } from "@atv/test-utils";

export interface DmapExchange {
  dir: "client->device" | "device->client";
  hex: string;
  meaning: string;
  decoded: { start_line: string; headers: [string, string][]; body_hex?: string; body_length: number };
}

export interface DmapVector {
  source: string;
  client_results: { playing: string[]; fake_last_button_pressed: string };
  exchanges: DmapExchange[];
}

export const dmapVector = loadVector<DmapVector>("dmap-session.json");

/** Response bodies of the vector, in order. */
export function responseBodies(): Uint8Array[] {
  return dmapVector.exchanges
    .filter((e) => e.dir === "device->client" && e.decoded.body_hex)
    .map((e) => unhex(e.decoded.body_hex ?? ""));
}

/** Request lines and headers the client sent. */
export function requests(): DmapExchange[] {
  return dmapVector.exchanges.filter((e) => e.dir === "client->device");
}
