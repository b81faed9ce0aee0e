/** A fake DMAP device on loopback and a connected client setup. */
import type { DmapServer } from "../../src/server/index.js";
import { DEFAULT_HSGID, startDmapServer, type DmapServerOptions } from "../../src/server/index.js";
import { DmapSetup, type DmapSetupOptions } from "../../src/setup.js";

export interface Connected extends AsyncDisposable {
  device: DmapServer;
  setup: DmapSetup;
}

export async function connected(
  options: { device?: DmapServerOptions; client?: Partial<DmapSetupOptions> } = {},
): Promise<Connected> {
  const device = await startDmapServer(options.device);
  const setup = new DmapSetup({
    host: "127.0.0.1",
    port: device.port,
    credentials: DEFAULT_HSGID,
    deviceId: "dmap-test",
    ...options.client,
  });
  await setup.connect();
  return {
    device,
    setup,
    async [Symbol.asyncDispose]() {
      await setup.close();
      await device.close();
    },
  };
}
