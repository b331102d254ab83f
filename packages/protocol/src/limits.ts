/**
 * Size limits of signaling messages. The server's WebSocket refuses any frame
 * above {@link MAX_FRAME_BYTES}; each method may allow less (most messages are
 * a few KiB of SDP-like parameters) or more (liveness evidence frames).
 */
export const MAX_FRAME_BYTES = 2 * 1024 * 1024;
export const DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024;
export const MAX_ID_LENGTH = 128;
export const MAX_DISPLAY_NAME_LENGTH = 80;
export const MAX_TEXT_LENGTH = 2000;
