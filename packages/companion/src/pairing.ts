/**
 * Companion pairing (companion.md §5): the Apple TV shows a PIN, the user types it.
 *   begin(): connect, pair-setup M1 → M2 (the PIN appears)
 *   pin(1234)
 *   finish(): M3 → M4 → M5 (with OPACK {name}) → M6; the credentials go on the service and
 *             into storage. Like pyatv, no pair-verify on the pairing connection.
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
import { CompanionPairSetup } from "./auth.js";
import { CompanionConnection } from "./connection.js";
import { CompanionSession } from "./session.js";

export type CompanionPairingOptions = PinPairingOptions;

export class CompanionPairingHandler extends PinPairingHandler<CompanionSession, CompanionPairingOptions> {
  #setup: CompanionPairSetup | undefined;

  constructor(
    config: AppleTVConfig | undefined,
    service: BaseService,
    options: CompanionPairingOptions = {},
  ) {
    super(config, service, options, "atv:companion:pairing", "Companion pairing failed");
  }

  protected async open(host: string, options: CallOptions): Promise<CompanionSession> {
    const connection = await CompanionConnection.connect(
      host,
      this.service.port,
      this.connectOptions(options),
    );
    return new CompanionSession(connection, this.sessionOptions());
  }

  /** Pair-setup M1 → M2; the device shows a PIN. */
  protected async start(session: CompanionSession, options: CallOptions): Promise<void> {
    const client = new PairSetupClient({
      pairingId: randomUUID(),
      info: CompanionPairSetup.info(this.name),
    });
    this.#setup = new CompanionPairSetup(session, client);
    await this.#setup.start(options);
  }

  protected override canFinish(): boolean {
    return this.#setup !== undefined;
  }

  /** M3 → M4 → M5 (with OPACK {name}) → M6. */
  protected async complete(_session: CompanionSession, pin: string, options: CallOptions): Promise<string> {
    const setup = this.#setup as CompanionPairSetup;
    this.#setup = undefined;
    const { credentials } = await setup.finish(pin, options);
    return formatCredentials(credentials);
  }
}
