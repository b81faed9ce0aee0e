import { CommandError, ProtocolError, type CallOptions } from "@atv/core";
import { sendCommandMessage, type CommandOptionsInit } from "../codec/messages.js";
import { MessageType } from "../codec/protocol-message.js";
import { Command, HandlerReturnStatus, SendError } from "../gen/atv/mrp/command_pb.js";
import type { MrpSession } from "../session.js";

function nameIn(table: Record<string, number>, value: number): string {
  return Object.entries(table).find(([, v]) => v === value)?.[0] ?? String(value);
}

/**
 * Sends a SendCommand and checks the device's SendCommandResult: a non-zero
 * sendError (top level or in commandResult) is a CommandError.
 */
export async function sendCommand(
  session: MrpSession,
  command: Command,
  commandOptions: CommandOptionsInit | undefined,
  options: CallOptions = {},
): Promise<void> {
  const reply = await session.request(sendCommandMessage(command, commandOptions), options);
  if (reply.type !== MessageType.SEND_COMMAND_RESULT_MESSAGE) {
    throw new ProtocolError(
      `expected SEND_COMMAND_RESULT_MESSAGE for ${nameIn(Command, command)}, got type ${reply.type}`,
    );
  }
  const result = reply.sendCommandResultMessage;
  const sendError = result?.sendError || result?.commandResult?.sendError || SendError.NO_ERROR;
  if (sendError === SendError.NO_ERROR) return;
  const status = result?.handlerReturnStatus ?? HandlerReturnStatus.SUCCESS;
  throw new CommandError(
    `${nameIn(Command, command)} failed: SendError=${nameIn(SendError, sendError)}, ` +
      `HandlerReturnStatus=${nameIn(HandlerReturnStatus, status)}`,
  );
}
