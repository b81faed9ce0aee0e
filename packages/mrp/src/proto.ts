/** The generated MRP protobuf schemas and types (from proto/, `pnpm generate`). */
export * from "./gen/atv/mrp/protocol_message_pb.js";
export * from "./gen/atv/mrp/device_info_pb.js";
export * from "./gen/atv/mrp/player_path_pb.js";
export * from "./gen/atv/mrp/command_pb.js";
export * from "./gen/atv/mrp/content_item_pb.js";
export * from "./gen/atv/mrp/now_playing_pb.js";
export * from "./gen/atv/mrp/audio_pb.js";
export * from "./gen/atv/mrp/control_pb.js";
