// The message box's language, from the real command definitions (`GET /api/commands`):
// `/aesc plant name:Sunderland`, `/aesc-daily set channel:#history time:09:00 timezone:Europe/London`.
// An option's value runs until the next ` <option name>:` of the same subcommand, as in Discord's own box.
const SUBCOMMAND = 1;
const GROUP = 2;
const T = {
  STRING: 3,
  INTEGER: 4,
  BOOLEAN: 5,
  USER: 6,
  CHANNEL: 7,
  ROLE: 8,
  MENTIONABLE: 9,
  NUMBER: 10,
  ATTACHMENT: 11,
};

export class CommandLineError extends Error {}

/** Every runnable path: `[{ path: 'aesc plant', command, group?, sub?, leaf (definition with .options) }]`. */
export function runnablePaths(definitions) {
  const out = [];
  for (const command of definitions) {
    const subs = (command.options ?? []).filter((o) => o.type === SUBCOMMAND || o.type === GROUP);
    if (subs.length === 0) {
      out.push({ path: command.name, command, leaf: command, description: command.description });
      continue;
    }
    for (const s of subs) {
      if (s.type === SUBCOMMAND) {
        out.push({ path: `${command.name} ${s.name}`, command, sub: s, leaf: s, description: s.description });
      } else {
        for (const leaf of (s.options ?? []).filter((o) => o.type === SUBCOMMAND)) {
          out.push({
            path: `${command.name} ${s.name} ${leaf.name}`,
            command,
            group: s,
            sub: leaf,
            leaf,
            description: leaf.description,
          });
        }
      }
    }
  }
  return out;
}

function escapeRe(text) {
  return text.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
}

/** Finds the longest runnable path the text starts with. */
function matchPath(paths, words) {
  let best = null;
  for (const p of paths) {
    const parts = p.path.split(' ');
    if (parts.every((part, i) => words[i] === part) && (!best || parts.length > best.path.split(' ').length)) best = p;
  }
  return best;
}

/**
 * Splits the text after the path into `[{ def, raw, start }]` by the leaf's option names. `rest` starts right after
 * the path. Text before the first option name is returned as `stray`.
 */
function splitOptions(leaf, rest) {
  const defs = (leaf.options ?? []).filter((o) => o.type !== SUBCOMMAND && o.type !== GROUP);
  if (defs.length === 0) return { defs, found: [], stray: rest.trim() };
  const re = new RegExp(`(^|\\s)(${defs.map((d) => escapeRe(d.name)).join('|')}):`, 'g');
  const hits = [];
  for (let m = re.exec(rest); m; m = re.exec(rest)) {
    hits.push({ name: m[2], start: m.index + m[1].length, valueStart: m.index + m[0].length });
  }
  const found = hits.map((h, i) => ({
    def: defs.find((d) => d.name === h.name),
    start: h.start,
    valueStart: h.valueStart,
    raw: rest.slice(h.valueStart, i + 1 < hits.length ? hits[i + 1].start : rest.length),
  }));
  return { defs, found, stray: rest.slice(0, hits[0]?.start ?? rest.length).trim() };
}

/** A value typed for an option, converted as Discord's client would before sending. */
export function convertValue(def, raw, channels, uploads = new Map()) {
  const text = raw.trim();
  const fail = (why) => {
    throw new CommandLineError(`Option "${def.name}": ${why}`);
  };
  if (text === '') fail('give a value after the colon.');
  if (def.choices?.length) {
    const choice =
      def.choices.find((c) => String(c.value) === text) ??
      def.choices.find((c) => c.name.toLowerCase() === text.toLowerCase());
    if (!choice) fail(`"${text}" is not one of: ${def.choices.map((c) => c.name).join(', ')}.`);
    return choice.value;
  }
  switch (def.type) {
    case T.INTEGER: {
      if (!/^-?\d+$/.test(text)) fail(`"${text}" is not a whole number.`);
      const n = Number(text);
      if (def.min_value !== undefined && n < def.min_value) fail(`the smallest allowed value is ${def.min_value}.`);
      if (def.max_value !== undefined && n > def.max_value) fail(`the largest allowed value is ${def.max_value}.`);
      return n;
    }
    case T.NUMBER: {
      const n = Number(text);
      if (!Number.isFinite(n)) fail(`"${text}" is not a number.`);
      return n;
    }
    case T.BOOLEAN:
      if (/^(true|yes)$/i.test(text)) return true;
      if (/^(false|no)$/i.test(text)) return false;
      return fail('use true or false.');
    case T.CHANNEL: {
      const name = text.replace(/^#/, '').replace(/^<#(\d+)>$/, '$1');
      const channel = channels.find((c) => c.id === name || c.name.toLowerCase() === name.toLowerCase());
      if (!channel)
        fail(
          `there is no channel "${text}" in this server. Channels: ${channels.map((c) => `#${c.name}`).join(', ')}.`,
        );
      if (def.channel_types?.length && !def.channel_types.includes(channel.type)) {
        // Discord's picker only offers allowed types; typing another is refused before sending.
        fail(`#${channel.name} is not a kind of channel this option accepts.`);
      }
      return channel.id;
    }
    case T.ATTACHMENT: {
      const id = uploads.get(text);
      if (!id)
        fail(
          `attach the file: pick "${def.name}:" in the suggestions and choose a file (typing a name is not enough).`,
        );
      return id;
    }
    case T.STRING:
      if (def.min_length !== undefined && text.length < def.min_length) fail(`at least ${def.min_length} characters.`);
      if (def.max_length !== undefined && text.length > def.max_length) fail(`at most ${def.max_length} characters.`);
      return text;
    default:
      return fail('this kind of option cannot be typed in the playground.');
  }
}

function wrap(path, leafOptions) {
  if (path.group)
    return [
      {
        type: GROUP,
        name: path.group.name,
        options: [{ type: SUBCOMMAND, name: path.sub.name, options: leafOptions }],
      },
    ];
  if (path.sub) return [{ type: SUBCOMMAND, name: path.sub.name, options: leafOptions }];
  return leafOptions;
}

function unknownCommandMessage(definitions, words) {
  const names = definitions.map((d) => `/${d.name}`).join(', ');
  const command = definitions.find((d) => d.name === words[0]);
  if (!command) return `/${words[0] ?? ''} is not a command of this bot. Its commands: ${names}. Type / to see them.`;
  const subs = (command.options ?? []).filter((o) => o.type === SUBCOMMAND || o.type === GROUP).map((o) => o.name);
  return words[1]
    ? `/${command.name} has no subcommand "${words[1]}". Pick one of: ${subs.join(', ')}.`
    : `/${command.name} needs a subcommand: ${subs.join(', ')}.`;
}

/**
 * The command line as the interaction data Discord would send: `{ name, type: 1, options }` plus `display`
 * (`/aesc plant`). Throws CommandLineError with a message for the user.
 */
export function parseCommandLine(text, definitions, channels, uploads = new Map()) {
  const line = text.trim();
  if (!line.startsWith('/')) throw new CommandLineError('Commands start with "/". Type / to see this bot\'s commands.');
  const paths = runnablePaths(definitions);
  const words = line.slice(1).split(/\s+/);
  const path = matchPath(paths, words);
  if (!path) throw new CommandLineError(unknownCommandMessage(definitions, words));
  const afterPath = line.slice(1 + path.path.length);
  if (afterPath !== '' && !/^\s/.test(afterPath)) throw new CommandLineError(unknownCommandMessage(definitions, words));
  const { defs, found, stray } = splitOptions(path.leaf, afterPath);
  if (stray) {
    throw new CommandLineError(
      defs.length === 0
        ? `/${path.path} takes no options; remove "${stray.slice(0, 40)}".`
        : `"${stray.slice(0, 40)}" is not an option. Write options as name:value; /${path.path} has: ${defs.map((d) => d.name).join(', ')}.`,
    );
  }
  const seen = new Set();
  const options = [];
  for (const f of found) {
    if (seen.has(f.def.name)) throw new CommandLineError(`Option "${f.def.name}" is given twice.`);
    seen.add(f.def.name);
    options.push({ type: f.def.type, name: f.def.name, value: convertValue(f.def, f.raw, channels, uploads) });
  }
  const missing = defs.filter((d) => d.required && !seen.has(d.name)).map((d) => d.name);
  if (missing.length > 0) {
    throw new CommandLineError(`/${path.path} needs ${missing.map((m) => `${m}:`).join(' and ')} (required).`);
  }
  return { name: path.command.name, type: 1, options: wrap(path, options), display: `/${path.path}` };
}

/**
 * What the box suggests for the text before the caret:
 * - `{ kind: 'commands', items: [{ path, description }] }` while the command is being typed;
 * - `{ kind: 'options', items: [def], path, prefix }` after a full command;
 * - `{ kind: 'value', def, path, typed, options }` inside an option's value (`options`: the interaction's
 *   options so far, the focused one marked, for autocomplete);
 * - null when there is nothing to suggest.
 */
export function suggestionContext(text, definitions) {
  if (!text.startsWith('/')) return null;
  const paths = runnablePaths(definitions);
  const words = text.slice(1).split(/\s+/);
  const path = matchPath(paths, words);
  const afterPath = path ? text.slice(1 + path.path.length) : '';
  if (!path || afterPath === '') {
    const typed = text.slice(1).toLowerCase();
    const items = paths.filter((p) => p.path.startsWith(typed) || p.path.split(' ').some((w) => w.startsWith(typed)));
    return items.length ? { kind: 'commands', items: items.slice(0, 25) } : null;
  }
  if (!/^\s/.test(afterPath)) return null;
  const { defs, found } = splitOptions(path.leaf, afterPath);
  const last = found.at(-1);
  // Inside the last option's value while its text does not end with a space after a complete word.
  if (last && !/\s$/.test(last.raw)) {
    const options = found.map((f) => ({
      type: f.def.type,
      name: f.def.name,
      value: f.raw.trim(),
      ...(f === last ? { focused: true } : {}),
    }));
    return { kind: 'value', def: last.def, path, typed: last.raw.trimStart(), options: wrap(path, options) };
  }
  const prefix = /(\S*)$/.exec(afterPath)?.[1] ?? '';
  if (prefix.includes(':')) return null;
  const used = new Set(found.map((f) => f.def.name));
  const items = defs
    .filter((d) => !used.has(d.name) && d.name.startsWith(prefix.toLowerCase()))
    .sort((a, b) => Number(Boolean(b.required)) - Number(Boolean(a.required)));
  return items.length ? { kind: 'options', items, path, prefix } : null;
}
