/**
 * MRP pairing: the device shows a PIN, the user types it. Flow:
 *   begin(): connect, DEVICE_INFO, pair-setup M1 → M2 (the PIN appears)
 *   pin(1234)
 *   finish(): M3 → M4 → M5 → M6, then pair-verify on the same connection to
 *             check the new credentials; they are put on the service and in storage.
 */
import { randomUUID } from "node:crypto";
import {
  PinPairingHandler,
  type AppleTVConfig,
  type BaseService,
  type CallOptions,
  type PinPairingOptions,
} from "@atv/core";
import { formatCredentials, PairSetupClient } from "@atv/hap-crypto";
import { exchangePairingData, pairVerify } from "./auth.js";
import { clientDeviceInfo, deviceInfoMessage } from "./codec/messages.js";
import { MrpConnection } from "./connection.js";
import { MrpSession } from "./session.js";

export interface MrpPairingOptions extends PinPairingOptions {
  /** The build we report in our DeviceInfo (pyatv: settings.info.os_build). */
  osBuild?: string | undefined;
}

export class MrpPairingHandler extends PinPairingHandler<MrpSession, MrpPairingOptions> {
  #setup: PairSetupClient | undefined;
  #m2: Uint8Array | undefined;

  constructor(config: AppleTVConfig | undefined, service: BaseService, options: MrpPairingOptions = {}) {
    super(config, service, options, "atv:mrp:pairing", "MRP pairing failed");
  }

  protected async open(host: string, options: CallOptions): Promise<MrpSession> {
    const connection = await MrpConnection.connect(host, this.service.port, this.connectOptions(options));
    return new MrpSession(connection, this.sessionOptions());
  }

  /** DEVICE_INFO, then pair-setup M1 → M2; the device shows a PIN. */
  protected async start(session: MrpSession, options: CallOptions): Promise<void> {
    const pairingId = randomUUID();
    await session.request(
      deviceInfoMessage(
        clientDeviceInfo(
          pairingId,
          this.name,
          this.options.osBuild ? { systemBuildVersion: this.options.osBuild } : {},
        ),
      ),
      options,
    );
    this.#setup = new PairSetupClient({ pairingId });
    this.#m2 = await exchangePairingData(session, this.#setup.start(), { ...options, pairSetupM1: true });
  }

  protected override canFinish(): boolean {
    return this.#setup !== undefined && this.#m2 !== undefined;
  }

  /** M3 → M4 → M5 → M6, then pair-verify checks the new credentials. */
  protected async complete(session: MrpSession, pin: string, options: CallOptions): Promise<string> {
    const setup = this.#setup as PairSetupClient;
    const m2 = this.#m2 as Uint8Array;
    this.#m2 = undefined;
    try {
      const m4 = await exchangePairingData(session, setup.handleM2(m2, pin), options);
      const m6 = await exchangePairingData(session, setup.handleM4(m4), options);
      const { credentials } = setup.handleM6(m6);
      const text = formatCredentials(credentials);
      await pairVerify(session, credentials, options);
      return text;
    } finally {
      setup.dispose();
    }
  }
}
