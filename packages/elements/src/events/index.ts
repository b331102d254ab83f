export type * from './air-error.ts';
export type * from './air-mute-changed.ts';
export type * from './air-participant-joined.ts';
export type * from './air-participant-left.ts';
export type * from './air-request-hang-up.ts';
export type * from './air-session-ended.ts';
export type * from './air-session-joined.ts';
