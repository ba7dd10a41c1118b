// A .env parser that reports what it cannot read. Node's `process.loadEnvFile` and `util.parseEnv` stop at, or
// silently mis-read, a malformed line (an unclosed quote swallows every line after it), and the `dotenv` package skips
// bad lines without a word. Here every line is read on its own; a bad line is reported by number (never by content,
// which may be a secret), and every other line still counts.
//
// Syntax: `KEY=value`, optional `export ` prefix, `#` comments (whole line, or after an unquoted value preceded by a
// space), values in '…' (literal), "…" (\n, \t, \", \\ escapes) or `…` (literal), on one line each.
import { readFileSync } from 'node:fs';

export interface DotEnvResult {
  values: Record<string, string>;
  /** One message per bad line, e.g. `.env line 4: an unclosed " quote`. */
  problems: string[];
}

const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

function unquote(raw: string): { value: string } | { problem: string } {
  const quote = raw[0];
  if (quote === '"' || quote === "'" || quote === '`') {
    const end = raw.indexOf(quote, 1);
    let close = end;
    if (quote === '"') {
      // Skip escaped quotes.
      close = -1;
      for (let i = 1; i < raw.length; i++) {
        if (raw[i] === '\\') i++;
        else if (raw[i] === '"') {
          close = i;
          break;
        }
      }
    }
    if (close === -1) return { problem: `an unclosed ${quote} quote (values must be on one line)` };
    const rest = raw.slice(close + 1).trim();
    if (rest !== '' && !rest.startsWith('#')) return { problem: `text after the closing ${quote} quote` };
    const inner = raw.slice(1, close);
    if (quote !== '"') return { value: inner };
    return {
      value: inner.replace(/\\([nrt"\\])/g, (_, c: string) =>
        c === 'n' ? '\n' : c === 'r' ? '\r' : c === 't' ? '\t' : c,
      ),
    };
  }
  const hash = raw.search(/\s#/);
  return { value: (hash === -1 ? raw : raw.slice(0, hash)).trim() };
}

/** Parses .env text. `label` names the file in messages. */
export function parseDotEnv(text: string, label = '.env'): DotEnvResult {
  const values: Record<string, string> = {};
  const problems: string[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((line, index) => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const where = `${label} line ${index + 1}`;
    const body = trimmed.replace(/^export\s+/, '');
    const eq = body.indexOf('=');
    if (eq === -1) {
      problems.push(`${where}: not a KEY=value line (no "="); the line is ignored.`);
      return;
    }
    const key = body.slice(0, eq).trim();
    if (!KEY.test(key)) {
      problems.push(`${where}: the name before "=" is not a variable name (letters, digits and _); ignored.`);
      return;
    }
    const parsed = unquote(body.slice(eq + 1).trim());
    if ('problem' in parsed) {
      problems.push(`${where} (${key}): ${parsed.problem}; the line is ignored.`);
      return;
    }
    values[key] = parsed.value;
  });
  return { values, problems };
}

/** Reads a .env file. Throws with a plain reason (not found, permission denied, a folder) when it cannot. */
export function readDotEnv(file: string): DotEnvResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason =
      code === 'EACCES' || code === 'EPERM'
        ? 'permission denied (the user running the bot cannot read it)'
        : code === 'EISDIR'
          ? 'it is a folder, not a file'
          : code === 'ENOENT'
            ? 'it does not exist'
            : `it cannot be read (${code ?? 'unknown error'})`;
    throw new Error(`${file}: ${reason}`);
  }
  return parseDotEnv(text, file);
}
