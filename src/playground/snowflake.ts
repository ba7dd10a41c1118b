// Discord-shaped snowflake ids for the playground's interactions and messages: timestamp since Discord's epoch in
// the high bits, a per-process counter in the low bits, so ids sort by creation like real ones.
const DISCORD_EPOCH = 1_420_070_400_000n;
let counter = 0n;

export function snowflake(nowMs: number = Date.now()): string {
  counter = (counter + 1n) & 0xfffn;
  return String(((BigInt(Math.max(0, Math.floor(nowMs))) - DISCORD_EPOCH) << 22n) | (1n << 17n) | counter);
}
