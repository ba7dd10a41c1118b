// The one source of "now" in the bot. Tests inject a fixed or stepping clock.

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
