/** Request/event codes of companion.md §7. */

/** `_hidC` button codes (§7.2). */
export const HidCommand = {
  Up: 1,
  Down: 2,
  Left: 3,
  Right: 4,
  Menu: 5,
  Select: 6,
  Home: 7,
  VolumeUp: 8,
  VolumeDown: 9,
  Siri: 10,
  Screensaver: 11,
  Sleep: 12,
  Wake: 13,
  PlayPause: 14,
  ChannelIncrement: 15,
  ChannelDecrement: 16,
  Guide: 17,
  PageUp: 18,
  PageDown: 19,
} as const;
export type HidCommand = (typeof HidCommand)[keyof typeof HidCommand];

/** `_hBtS`: button state. */
export const ButtonState = { Down: 1, Up: 2 } as const;

/** `_mcc` media-control commands (§7.3). */
export const MediaControlCommand = {
  Play: 1,
  Pause: 2,
  NextTrack: 3,
  PreviousTrack: 4,
  GetVolume: 5,
  SetVolume: 6,
  SkipBy: 7,
  FastForwardBegin: 8,
  FastForwardEnd: 9,
  RewindBegin: 10,
  RewindEnd: 11,
  GetCaptionSettings: 12,
  SetCaptionSettings: 13,
} as const;
export type MediaControlCommand = (typeof MediaControlCommand)[keyof typeof MediaControlCommand];

/** `_mcF` bits of the `_iMC` event (§7.4; pyatv's mapping of 0x04/0x08). */
export const MediaControlFlags = {
  Play: 0x0001,
  Pause: 0x0002,
  NextTrack: 0x0004,
  PreviousTrack: 0x0008,
  FastForward: 0x0010,
  Rewind: 0x0020,
  Volume: 0x0100,
  SkipForward: 0x0200,
  SkipBackward: 0x0400,
} as const;

/** `SystemStatus` / `FetchAttentionState` states (§7.7). */
export const SystemStatus = { Asleep: 1, Screensaver: 2, Awake: 3, Idle: 4 } as const;
export type SystemStatus = (typeof SystemStatus)[keyof typeof SystemStatus];

/** The virtual touch pad set by `_touchStart` (§7.5). */
export const TOUCHPAD_WIDTH = 1000;
export const TOUCHPAD_HEIGHT = 1000;

/** The session service type of `_sessionStart`. */
export const TV_REMOTE_SERVICE = "com.apple.tvremoteservices";

/** The error a device answers unknown requests with. */
export const NO_REQUEST_HANDLER = { message: "No request handler", code: 58822 } as const;
