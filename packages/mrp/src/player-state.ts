/**
 * What is playing, per now-playing client (app, by bundle id) and per player
 * within it, merged from the device's pushes (mrp.md §11 "State model"):
 * SET_STATE, UPDATE_CONTENT_ITEM, SET_NOW_PLAYING_CLIENT/PLAYER, UPDATE_CLIENT,
 * REMOVE_CLIENT/PLAYER and SET_DEFAULT_SUPPORTED_COMMANDS.
 */
import { create, isFieldSet, merge } from "@bufbuild/protobuf";
import { TypedEmitter } from "@atv/core";
import { MessageType } from "./codec/protocol-message.js";
import type { CommandInfo, Command } from "./gen/atv/mrp/command_pb.js";
import {
  ContentItemMetadataSchema,
  type ContentItem,
  type ContentItemMetadata,
} from "./gen/atv/mrp/content_item_pb.js";
import { PlaybackState, SetStateMessageSchema } from "./gen/atv/mrp/now_playing_pb.js";
import type { NowPlayingClient, NowPlayingPlayer, PlayerPath } from "./gen/atv/mrp/player_path_pb.js";
import type { ProtocolMessage } from "./gen/atv/mrp/protocol_message_pb.js";
import type { MrpSession } from "./session.js";

export const DEFAULT_PLAYER_ID = "MediaRemote-DefaultPlayer";

/** One player of one app. */
export class PlayerState {
  readonly identifier: string;
  displayName: string | undefined;
  /** The last PlaybackState received, or undefined when none was. */
  rawPlaybackState: PlaybackState | undefined;
  supportedCommands: CommandInfo[] = [];
  items: ContentItem[] = [];
  location = 0;
  readonly client: ClientState;

  constructor(client: ClientState, player: NowPlayingPlayer | undefined) {
    this.client = client;
    this.identifier = player?.identifier ?? "";
    this.displayName = player?.displayName || undefined;
  }

  /** The current queue item, when the queue has one at `location`. */
  get item(): ContentItem | undefined {
    return this.location >= 0 ? this.items[this.location] : undefined;
  }

  get metadata(): ContentItemMetadata | undefined {
    return this.item?.metadata;
  }

  /** A metadata field, or undefined when the device did not send it. */
  field<K extends keyof ContentItemMetadata & keyof typeof ContentItemMetadataSchema.field>(
    name: K,
  ): ContentItemMetadata[K] | undefined {
    const metadata = this.metadata;
    if (!metadata || !isFieldSet(metadata, ContentItemMetadataSchema.field[name])) return undefined;
    return metadata[name];
  }

  /** True when the current item's metadata carries the field (by its protobuf name). */
  has(name: keyof typeof ContentItemMetadataSchema.field): boolean {
    const metadata = this.metadata;
    return metadata !== undefined && isFieldSet(metadata, ContentItemMetadataSchema.field[name]);
  }

  /**
   * The effective state (pyatv's rules): none received → undefined (idle);
   * Paused without a current item → undefined; Playing at rate 0 stays Playing
   * (pyatv 0.18, mrp.md §11: apps report rate 0 while still playing, and
   * reporting Paused would turn playPause() into play()), rate 1 → Playing,
   * any other rate → Seeking; everything else passes through.
   */
  get playbackState(): PlaybackState | undefined {
    const state = this.rawPlaybackState;
    if (state === undefined) return undefined;
    if (state === PlaybackState.PAUSED) return this.item ? state : undefined;
    if (state !== PlaybackState.PLAYING) return state;
    const rate = this.field("playbackRate");
    if (rate === undefined) return state;
    if (Math.abs(rate) < 1e-9 || Math.abs(rate - 1) < 1e-9) return PlaybackState.PLAYING;
    return PlaybackState.SEEKING;
  }

  /** The player's CommandInfo for `command`, else the app's default one. */
  commandInfo(command: Command): CommandInfo | undefined {
    return (
      this.supportedCommands.find((c) => c.command === command) ??
      this.client.defaultCommands.find((c) => c.command === command)
    );
  }

  /** True when the command is offered and enabled. */
  isEnabled(command: Command): boolean {
    return this.commandInfo(command)?.enabled === true;
  }
}

/** One now-playing client (an app). */
export class ClientState {
  readonly bundleIdentifier: string;
  displayName: string | undefined;
  readonly players = new Map<string, PlayerState>();
  activePlayerId: string | undefined;
  defaultCommands: CommandInfo[] = [];

  constructor(client: NowPlayingClient | undefined) {
    this.bundleIdentifier = client?.bundleIdentifier ?? "";
    this.displayName = client?.displayName || undefined;
  }

  /** The active player, else the default player, else an empty one. */
  get activePlayer(): PlayerState {
    const id = this.activePlayerId ?? DEFAULT_PLAYER_ID;
    return this.players.get(id) ?? (this.players.get(DEFAULT_PLAYER_ID) || new PlayerState(this, undefined));
  }

  player(player: NowPlayingPlayer | undefined): PlayerState {
    const id = player?.identifier ?? "";
    let state = this.players.get(id);
    if (!state) this.players.set(id, (state = new PlayerState(this, player)));
    else if (player?.displayName) state.displayName = player.displayName;
    return state;
  }
}

export interface PlayerStateEvents {
  /** The active client's active player (or which one is active) may have changed. */
  changed: [];
}

/** Follows the device's now-playing pushes on a session. */
export class PlayerStateManager extends TypedEmitter<PlayerStateEvents> {
  readonly #clients = new Map<string, ClientState>();
  #activeClient: ClientState | undefined;
  readonly #unsubscribe: (() => void)[];

  constructor(session: Pick<MrpSession, "listen">) {
    super();
    const on = (type: MessageType, handler: (m: ProtocolMessage) => void): (() => void) =>
      session.listen(type, handler);
    this.#unsubscribe = [
      on(MessageType.SET_STATE_MESSAGE, (m) => this.#setState(m)),
      on(MessageType.UPDATE_CONTENT_ITEM_MESSAGE, (m) => this.#updateContentItem(m)),
      on(MessageType.SET_NOW_PLAYING_CLIENT_MESSAGE, (m) => this.#setNowPlayingClient(m)),
      on(MessageType.SET_NOW_PLAYING_PLAYER_MESSAGE, (m) => this.#setNowPlayingPlayer(m)),
      on(MessageType.UPDATE_CLIENT_MESSAGE, (m) => this.#updateClient(m)),
      on(MessageType.REMOVE_CLIENT_MESSAGE, (m) => this.#removeClient(m)),
      on(MessageType.REMOVE_PLAYER_MESSAGE, (m) => this.#removePlayer(m)),
      on(MessageType.SET_DEFAULT_SUPPORTED_COMMANDS_MESSAGE, (m) => this.#setDefaultCommands(m)),
    ];
  }

  /** A player with nothing in it (what "nothing is playing" looks like). */
  static empty(): PlayerState {
    return new PlayerState(new ClientState(undefined), undefined);
  }

  /** The app that is playing, if any. */
  get client(): ClientState | undefined {
    return this.#activeClient;
  }

  /** The active player of the active app (an empty player when nothing plays). */
  get playing(): PlayerState {
    return this.#activeClient?.activePlayer ?? PlayerStateManager.empty();
  }

  dispose(): void {
    for (const stop of this.#unsubscribe) stop();
    this.removeAllListeners();
  }

  #client(client: NowPlayingClient | undefined): ClientState {
    const id = client?.bundleIdentifier ?? "";
    let state = this.#clients.get(id);
    if (!state) this.#clients.set(id, (state = new ClientState(client)));
    return state;
  }

  #player(path: PlayerPath | undefined): PlayerState {
    return this.#client(path?.client).player(path?.player);
  }

  /** Emits `changed` when the update touched what is (or which is) playing. */
  #changed(player?: PlayerState): void {
    if (player === undefined || player === this.playing || player.client === this.#activeClient)
      this.emit("changed");
  }

  #setState(message: ProtocolMessage): void {
    const inner = message.setStateMessage;
    if (!inner) return;
    const player = this.#player(inner.playerPath);
    if (isFieldSet(inner, SetStateMessageSchema.field.playbackState))
      player.rawPlaybackState = inner.playbackState;
    if (inner.supportedCommands) player.supportedCommands = inner.supportedCommands.supportedCommands;
    if (inner.playbackQueue) {
      player.items = inner.playbackQueue.contentItems;
      player.location = inner.playbackQueue.location;
    }
    if (inner.displayName) player.displayName = inner.displayName;
    this.#changed(player);
  }

  #updateContentItem(message: ProtocolMessage): void {
    const inner = message.updateContentItemMessage;
    if (!inner) return;
    const player = this.#player(inner.playerPath);
    for (const update of inner.contentItems) {
      for (const existing of player.items) {
        if (existing.identifier !== update.identifier || !update.metadata) continue;
        existing.metadata ??= create(ContentItemMetadataSchema);
        merge(ContentItemMetadataSchema, existing.metadata, update.metadata);
      }
    }
    this.#changed(player);
  }

  #setNowPlayingClient(message: ProtocolMessage): void {
    const client = message.setNowPlayingClientMessage?.client;
    this.#activeClient = this.#client(client);
    if (client?.displayName) this.#activeClient.displayName = client.displayName;
    this.#changed();
  }

  #setNowPlayingPlayer(message: ProtocolMessage): void {
    const path = message.setNowPlayingPlayerMessage?.playerPath;
    const client = this.#client(path?.client);
    const player = client.player(path?.player);
    client.activePlayerId = player.identifier || undefined;
    if (client === this.#activeClient) this.#changed();
  }

  #updateClient(message: ProtocolMessage): void {
    const update = message.updateClientMessage?.client;
    const client = this.#client(update);
    if (update?.displayName) client.displayName = update.displayName;
    if (client === this.#activeClient) this.#changed();
  }

  #removeClient(message: ProtocolMessage): void {
    const id = message.removeClientMessage?.client?.bundleIdentifier ?? "";
    const client = this.#clients.get(id);
    if (!client) return;
    this.#clients.delete(id);
    if (client === this.#activeClient) {
      this.#activeClient = undefined;
      this.#changed();
    }
  }

  #removePlayer(message: ProtocolMessage): void {
    const path = message.removePlayerMessage?.playerPath;
    const client = this.#clients.get(path?.client?.bundleIdentifier ?? "");
    const id = path?.player?.identifier ?? "";
    if (!client || !client.players.has(id)) return;
    const wasActive = client.activePlayer.identifier === id;
    client.players.delete(id);
    if (client.activePlayerId === id) client.activePlayerId = undefined;
    if (wasActive && client === this.#activeClient) this.#changed();
  }

  #setDefaultCommands(message: ProtocolMessage): void {
    const inner = message.setDefaultSupportedCommandsMessage;
    if (!inner) return;
    const client = this.#client(inner.playerPath?.client);
    client.defaultCommands = inner.supportedCommands?.supportedCommands ?? [];
    if (client === this.#activeClient) this.#changed();
  }
}
