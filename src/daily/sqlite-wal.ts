// Reading a SQLite write-ahead log (`-wal`) before SQLite does, to tell whether recovery will silently drop commits.
//
// SQLite replays the WAL's frames in order and stops at the first frame whose salt or checksum does not match: every
// commit after a damaged frame is quietly rolled back, settings an admin was told were saved among them. Frames of an
// older WAL generation (left behind after a checkpoint restarted the log) carry other salts and are not damage.
// Format: https://www.sqlite.org/fileformat2.html#walformat (32-byte header, then 24-byte frame headers + pages;
// cumulative Fibonacci-weighted checksums over 32-bit words, big-endian when the magic's low bit is set).
import { readFileSync } from 'node:fs';

export interface WalReport {
  /** Frames in the file (whole ones). */
  frames: number;
  /** Frames SQLite will replay (up to the last valid commit). */
  validFrames: number;
  /** Commits of the current log generation that come after a damaged frame: SQLite will drop them. */
  lostCommits: number;
  /** The header itself is damaged: SQLite ignores the whole log. */
  headerDamaged: boolean;
  /** True when commits will be lost. */
  damaged: boolean;
  /**
   * The only loss is the log's final commit, cut short (a crash or power loss while it was being written): that
   * commit never finished, so nobody was told it was saved.
   */
  tornTailOnly: boolean;
}

const WAL_HEADER = 32;
const FRAME_HEADER = 24;

function checksum(buf: Buffer, start: number, end: number, bigEndian: boolean, s: [number, number]): [number, number] {
  let s0 = s[0];
  let s1 = s[1];
  for (let i = start; i < end; i += 8) {
    const x0 = bigEndian ? buf.readUInt32BE(i) : buf.readUInt32LE(i);
    const x1 = bigEndian ? buf.readUInt32BE(i + 4) : buf.readUInt32LE(i + 4);
    s0 = (s0 + x0 + s1) >>> 0;
    s1 = (s1 + x1 + s0) >>> 0;
  }
  return [s0, s1];
}

/** Inspect the WAL at `walPath`; null when there is none worth reading (absent or shorter than its header). */
export function inspectWal(walPath: string): WalReport | null {
  let buf: Buffer;
  try {
    buf = readFileSync(walPath);
  } catch {
    return null;
  }
  if (buf.length < WAL_HEADER) return null;
  const magic = buf.readUInt32BE(0);
  const pageSize = buf.readUInt32BE(8);
  const frameSize = FRAME_HEADER + pageSize;
  const frames = pageSize >= 512 ? Math.floor((buf.length - WAL_HEADER) / frameSize) : 0;
  const salt1 = buf.readUInt32BE(16);
  const salt2 = buf.readUInt32BE(20);
  const bigEndian = (magic & 1) === 1;
  const header = checksum(buf, 0, 24, bigEndian, [0, 0]);
  const headerDamaged =
    (magic !== 0x377f0682 && magic !== 0x377f0683) ||
    pageSize < 512 ||
    header[0] !== buf.readUInt32BE(24) ||
    header[1] !== buf.readUInt32BE(28);

  const current = (off: number) => buf.readUInt32BE(off + 8) === salt1 && buf.readUInt32BE(off + 12) === salt2;
  const isCommit = (off: number) => buf.readUInt32BE(off + 4) !== 0;
  let s: [number, number] = header;
  let validFrames = 0;
  let firstBad = -1;
  for (let i = 0; i < frames && !headerDamaged; i++) {
    const off = WAL_HEADER + i * frameSize;
    if (!current(off)) {
      firstBad = i;
      break;
    }
    s = checksum(buf, off, off + 8, bigEndian, s);
    s = checksum(buf, off + FRAME_HEADER, off + frameSize, bigEndian, s);
    if (s[0] !== buf.readUInt32BE(off + 16) || s[1] !== buf.readUInt32BE(off + 20)) {
      firstBad = i;
      break;
    }
    if (isCommit(off)) validFrames = i + 1;
  }
  // Commits of this generation at or after the first bad frame (an old generation's frames have other salts).
  let lostCommits = 0;
  let lastLostCommit = -1;
  const from = headerDamaged ? 0 : firstBad;
  if (from >= 0) {
    for (let i = from; i < frames; i++) {
      const off = WAL_HEADER + i * frameSize;
      if ((headerDamaged || current(off)) && isCommit(off)) {
        lostCommits++;
        lastLostCommit = i;
      }
    }
    // A damaged frame whose salt was hit too cannot be told from an old one, unless a later frame of this generation
    // follows it (then the log was damaged in the middle).
    if (lostCommits === 0 && !headerDamaged) {
      for (let i = from + 1; i < frames; i++) if (current(WAL_HEADER + i * frameSize)) lostCommits = 1;
    }
  }
  // Torn tail: the one lost commit is the last frame of this generation in the file.
  let tornTailOnly = false;
  if (lostCommits === 1 && !headerDamaged && lastLostCommit >= 0) {
    tornTailOnly = true;
    for (let i = lastLostCommit + 1; i < frames; i++) if (current(WAL_HEADER + i * frameSize)) tornTailOnly = false;
  }
  return {
    frames,
    validFrames,
    lostCommits,
    headerDamaged: headerDamaged && frames > 0,
    damaged: lostCommits > 0 || (headerDamaged && frames > 0),
    tornTailOnly,
  };
}
