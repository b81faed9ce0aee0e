/** Pair-verify and pair-setup exchanges over an MRP session (mrp.md §6), driving @atv/hap-crypto. */
import {
  deriveMrpSessionKeys,
  MessageCipher,
  PairVerifyClient,
  type HapPairingCredentials,
} from "@atv/hap-crypto";
import { ProtocolError, rethrowAsCore, type CallOptions } from "@atv/core";
import { cryptoPairingMessage } from "./codec/messages.js";
import { MessageType } from "./codec/protocol-message.js";
import type { FrameCipher } from "./connection.js";
import type { MrpSession } from "./session.js";

/** Sends one pairing message and returns the device's pairing data (answers are matched by type). */
export async function exchangePairingData(
  session: MrpSession,
  data: Uint8Array,
  options: CallOptions & { pairSetupM1?: boolean; timeoutMs?: number } = {},
): Promise<Uint8Array> {
  const reply = await session.request(cryptoPairingMessage(data, options.pairSetupM1 ?? false), {
    matchType: MessageType.CRYPTO_PAIRING_MESSAGE,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  });
  const inner = reply.cryptoPairingMessage;
  if (!inner) throw new ProtocolError("CRYPTO_PAIRING_MESSAGE answer without pairing data");
  return inner.pairingData;
}

/**
 * Runs pair-verify with stored credentials and returns the session cipher
 * (MediaRemote keys). AuthenticationError when the device or its proof is wrong.
 */
export async function pairVerify(
  session: MrpSession,
  credentials: HapPairingCredentials,
  options: CallOptions = {},
): Promise<FrameCipher> {
  const verifier = new PairVerifyClient(credentials);
  try {
    const m2 = await exchangePairingData(session, verifier.start(), options);
    const m3 = verifier.handleM2(m2);
    // Whatever follows M4 in the same read is already encrypted: hold it until the cipher is on.
    session.transport.holdAfterNextMessage?.();
    let m4: Uint8Array;
    try {
      m4 = await exchangePairingData(session, m3, options);
    } catch (error) {
      session.transport.release?.();
      throw error;
    }
    const { sharedSecret } = verifier.handleM4(m4);
    const cipher = new MessageCipher(deriveMrpSessionKeys(sharedSecret, "client"));
    sharedSecret.fill(0);
    return cipher;
  } catch (error) {
    rethrowAsCore(error, "MRP pair-verify failed");
  }
}
