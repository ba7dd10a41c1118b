/**
 * Contract checks for bodies the bot sends to Discord, against the zod schemas generated from Discord's official
 * OpenAPI spec (npm `discord-api-spec`, `discord-api-spec/zod`, built on zod/mini).
 *
 * On top of the schemas:
 * - Unknown keys are reported ("strict" mode, default on). The package's own `setStrictObject(true)` cannot do this:
 *   every schema is built when the module is evaluated, so flipping it after `import` changes nothing. Instead we walk
 *   the schema alongside the value. A few keys discord.js always sends with a default value are ignored
 *   (`tts: false`, `enforce_nonce: false`), as is the documented command field `nsfw`, which the spec lacks.
 * - Discord accepts `default_member_permissions` as a numeric string (which is what discord.js sends) although the
 *   spec types it as a number, so numeric strings are converted before validation.
 * - A few rules Discord enforces that the schema cannot express: no empty messages (50006), no content/embeds with
 *   the IS_COMPONENTS_V2 flag, command names lowercase and matching Discord's regex, unique command/option names,
 *   required options before optional ones, choices and autocomplete mutually exclusive, 4000 characters per command,
 *   at most 100 chat input commands.
 */
import * as spec from 'discord-api-spec/zod';
import type { ZodMiniType } from 'zod/mini';
import { COMMAND_NAME_PATTERN } from '../../src/discord/limits.js';

export interface ContractIssue {
  /** Dotted path into the body, e.g. `data.components[0].components[1].custom_id`; `(root)` for the body itself. */
  path: string;
  message: string;
}

export interface ContractOptions {
  /** Report keys the schema does not know about. Default true. */
  strict?: boolean;
}

export class ContractError extends Error {
  readonly issues: ContractIssue[];
  constructor(what: string, issues: ContractIssue[], body: unknown) {
    const lines = issues.map((i) => `  - ${i.path}: ${i.message}`).join('\n');
    super(
      `${what} does not match Discord's API contract (${issues.length} issue(s)):\n${lines}\nbody: ${preview(body)}`,
    );
    this.name = 'ContractError';
    this.issues = issues;
  }
}

type PathSegment = string | number;

// ---------------------------------------------------------------------------------------------------------------
// Public checks (return issues) and asserts (throw ContractError)
// ---------------------------------------------------------------------------------------------------------------

const CALLBACK_SCHEMAS: Record<number, ZodMiniType> = {
  1: spec.PongInteractionCallbackRequestSchema,
  4: spec.CreateMessageInteractionCallbackRequestSchema,
  5: spec.CreateMessageInteractionCallbackRequestSchema,
  6: spec.UpdateMessageInteractionCallbackRequestSchema,
  7: spec.UpdateMessageInteractionCallbackRequestSchema,
  8: spec.ApplicationCommandAutocompleteCallbackRequestSchema,
  9: spec.ModalInteractionCallbackRequestSchema,
  12: spec.LaunchActivityInteractionCallbackRequestSchema,
};

const IS_COMPONENTS_V2 = 1 << 15;

/** Body of `POST /interactions/{id}/{token}/callback`. */
export function checkInteractionCallback(body: unknown, options: ContractOptions = {}): ContractIssue[] {
  if (!isRecord(body)) return [{ path: '(root)', message: `expected an object, received ${typeOf(body)}` }];
  const type = body.type;
  const schema = typeof type === 'number' ? CALLBACK_SCHEMAS[type] : undefined;
  if (!schema) {
    return [
      {
        path: 'type',
        message: `expected an interaction callback type (${Object.keys(CALLBACK_SCHEMAS).join(', ')}), received ${JSON.stringify(type)}`,
      },
    ];
  }
  const issues = validate(schema, body, options);
  if (type === 4 && isRecord(body.data)) issues.push(...messageRules(body.data, ['data'], true));
  if (type === 4 && body.data == null) issues.push({ path: 'data', message: 'type 4 needs message data' });
  if (type === 7 && isRecord(body.data)) issues.push(...messageRules(body.data, ['data'], false));
  return issues;
}

/** Body of `POST /channels/{id}/messages`. */
export function checkCreateMessage(body: unknown, options: ContractOptions = {}): ContractIssue[] {
  const issues = validate(spec.MessageCreateRequestSchema, body, options);
  if (isRecord(body)) issues.push(...messageRules(body, [], true));
  return issues;
}

/** Body of `POST /channels/{id}/threads` for a forum/media post (issue 12): the thread and its first message. */
export function checkCreateForumThread(body: unknown, options: ContractOptions = {}): ContractIssue[] {
  const issues = validate(spec.CreateForumThreadRequestSchema, body, options);
  if (isRecord(body) && isRecord(body.message)) issues.push(...messageRules(body.message, ['message'], true));
  return issues;
}

/** Body of `PATCH /channels/{id}/messages/{id}`. */
export function checkEditMessage(body: unknown, options: ContractOptions = {}): ContractIssue[] {
  const issues = validate(spec.MessageEditRequestPartialSchema, body, options);
  if (isRecord(body)) issues.push(...messageRules(body, [], false));
  return issues;
}

/** Body of `POST /webhooks/{id}/{token}` (interaction follow-ups). */
export function checkWebhookExecute(body: unknown, options: ContractOptions = {}): ContractIssue[] {
  const issues = validate(spec.IncomingWebhookRequestPartialSchema, body, options);
  if (isRecord(body)) issues.push(...messageRules(body, [], true));
  return issues;
}

/** Body of `PATCH /webhooks/{id}/{token}/messages/{id|@original}` (e.g. `interaction.editReply`). */
export function checkWebhookEdit(body: unknown, options: ContractOptions = {}): ContractIssue[] {
  const issues = validate(spec.IncomingWebhookUpdateRequestPartialSchema, body, options);
  if (isRecord(body)) issues.push(...messageRules(body, [], false));
  return issues;
}

/** Body of the bulk overwrite `PUT /applications/{id}/commands` (or `.../guilds/{id}/commands`). */
export function checkCommandDefinitions(commands: unknown, options: ContractOptions = {}): ContractIssue[] {
  if (!Array.isArray(commands)) return [{ path: '(root)', message: `expected an array, received ${typeOf(commands)}` }];
  const issues: ContractIssue[] = [];
  commands.forEach((command, index) => {
    issues.push(...checkCommand(command, spec.ApplicationCommandUpdateRequestSchema, [index], options));
  });
  issues.push(...commandSetRules(commands));
  return issues;
}

/** Body of `POST /applications/{id}/commands` (create/upsert one command). */
export function checkCommandDefinition(command: unknown, options: ContractOptions = {}): ContractIssue[] {
  return checkCommand(command, spec.ApplicationCommandCreateRequestSchema, [], options);
}

export function assertValidInteractionCallback(body: unknown, options?: ContractOptions): void {
  throwIfIssues('Interaction callback body', checkInteractionCallback(body, options), body);
}

export function assertValidCreateMessage(body: unknown, options?: ContractOptions): void {
  throwIfIssues('Create message body', checkCreateMessage(body, options), body);
}

export function assertValidEditMessage(body: unknown, options?: ContractOptions): void {
  throwIfIssues('Edit message body', checkEditMessage(body, options), body);
}

export function assertValidWebhookExecute(body: unknown, options?: ContractOptions): void {
  throwIfIssues('Webhook execute (follow-up) body', checkWebhookExecute(body, options), body);
}

export function assertValidWebhookEdit(body: unknown, options?: ContractOptions): void {
  throwIfIssues('Webhook message edit body', checkWebhookEdit(body, options), body);
}

export function assertValidCommandDefinitions(commands: unknown, options?: ContractOptions): void {
  throwIfIssues('Application command definitions', checkCommandDefinitions(commands, options), commands);
}

function throwIfIssues(what: string, issues: ContractIssue[], body: unknown): void {
  if (issues.length > 0) throw new ContractError(what, issues, body);
}

// ---------------------------------------------------------------------------------------------------------------
// Schema validation + unknown-key walk
// ---------------------------------------------------------------------------------------------------------------

interface RawIssue {
  code: string;
  path: PathSegment[];
  message: string;
  expected?: string;
  origin?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  values?: unknown[];
  format?: string;
  keys?: string[];
  errors?: RawIssue[][];
}

function validate(schema: ZodMiniType, body: unknown, options: ContractOptions, base: PathSegment[] = []) {
  const issues: ContractIssue[] = [];
  const result = schema.safeParse(body);
  if (!result.success) {
    const raw = result.error.issues as unknown as RawIssue[];
    for (const issue of flatten(raw, [])) issues.push(describe(issue, body, base));
  } else if (options.strict !== false) {
    const unknown: PathSegment[][] = [];
    walkUnknownKeys(schema as unknown as SchemaNode, body, [], unknown);
    for (const path of unknown) {
      issues.push({ path: formatPath([...base, ...path]), message: 'unknown key (not in the API schema)' });
    }
  }
  return issues;
}

/** Picks, for each union failure, the branch that got furthest, so errors read like "data.choices[0].name: ...". */
function flatten(issues: RawIssue[], prefix: PathSegment[]): RawIssue[] {
  const out: RawIssue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors && issue.errors.length > 0) {
      const scored = issue.errors.map((branch) => ({
        branch,
        // A branch failing at its root or on its `type` discriminator is the wrong branch, not a useful error.
        penalty: branch.filter((i) => i.path.length === 0 || (i.path.length === 1 && i.path[0] === 'type')).length,
      }));
      scored.sort((a, b) => a.penalty - b.penalty || a.branch.length - b.branch.length);
      const best = scored[0];
      if (best && best.penalty === 0) {
        out.push(...flatten(best.branch, path));
        continue;
      }
    }
    out.push({ ...issue, path });
  }
  return out;
}

function describe(issue: RawIssue, body: unknown, base: PathSegment[]): ContractIssue {
  const actual = valueAt(body, issue.path);
  const path = formatPath([...base, ...issue.path]);
  const sized = (v: unknown) =>
    typeof v === 'string' ? `length ${v.length}` : Array.isArray(v) ? `${v.length} item(s)` : JSON.stringify(v);
  switch (issue.code) {
    case 'invalid_type':
      return { path, message: `expected ${issue.expected}, received ${typeOf(actual)}` };
    case 'too_big':
      return { path, message: `${whatSize(issue.origin)} must be <= ${String(issue.maximum)} (got ${sized(actual)})` };
    case 'too_small':
      return { path, message: `${whatSize(issue.origin)} must be >= ${String(issue.minimum)} (got ${sized(actual)})` };
    case 'invalid_value':
      return {
        path,
        message: `expected ${(issue.values ?? []).map((v) => JSON.stringify(v)).join(' | ')}, received ${preview(actual)}`,
      };
    case 'invalid_format':
      return { path, message: `invalid ${issue.format ?? 'format'}: ${preview(actual)}` };
    case 'invalid_union':
      return { path, message: `matches none of the allowed shapes: ${preview(actual)}` };
    case 'unrecognized_keys':
      return { path, message: `unknown keys ${(issue.keys ?? []).join(', ')}` };
    default:
      return { path, message: `${issue.code}: ${issue.message}` };
  }
}

function whatSize(origin: string | undefined): string {
  if (origin === 'string') return 'length';
  if (origin === 'array' || origin === 'set') return 'item count';
  return 'value';
}

interface SchemaNode {
  _zod: {
    def: {
      type: string;
      shape?: Record<string, SchemaNode>;
      options?: SchemaNode[];
      getter?: () => SchemaNode;
      innerType?: SchemaNode;
      element?: SchemaNode;
      valueType?: SchemaNode;
      in?: SchemaNode;
    };
  };
  safeParse(value: unknown): { success: boolean };
}

function unwrap(node: SchemaNode): SchemaNode {
  let current = node;
  for (let i = 0; i < 50; i++) {
    const def = current._zod.def;
    if (def.type === 'lazy' && def.getter) current = def.getter();
    else if (def.type === 'pipe' && def.in) current = def.in;
    else if (def.innerType)
      current = def.innerType; // optional, nullable, default, prefault, readonly, catch...
    else return current;
  }
  return current;
}

/** Keys discord.js always sends with a default value, or documented fields the generated spec lacks. */
function ignoredUnknownKey(key: string, value: unknown, path: PathSegment[]): boolean {
  if (key === 'tts' && value === false) return true;
  if (key === 'enforce_nonce' && value === false) return true;
  // Application command `nsfw` is documented (and sent by discord.js builders) but absent from the spec.
  if (key === 'nsfw' && typeof value === 'boolean' && path.every((p) => typeof p === 'number')) return true;
  return false;
}

function walkUnknownKeys(node: SchemaNode, value: unknown, path: PathSegment[], out: PathSegment[][]): void {
  if (value === null || value === undefined) return;
  const schema = unwrap(node);
  const def = schema._zod.def;
  switch (def.type) {
    case 'object': {
      if (!isRecord(value) || !def.shape) return;
      for (const [key, child] of Object.entries(value)) {
        const childSchema = def.shape[key];
        if (!childSchema) {
          if (child !== undefined && !ignoredUnknownKey(key, child, path)) out.push([...path, key]);
          continue;
        }
        walkUnknownKeys(childSchema, child, [...path, key], out);
      }
      return;
    }
    case 'array': {
      if (!Array.isArray(value) || !def.element) return;
      const element = def.element;
      value.forEach((item, i) => {
        walkUnknownKeys(element, item, [...path, i], out);
      });
      return;
    }
    case 'record': {
      if (!isRecord(value) || !def.valueType) return;
      for (const [key, child] of Object.entries(value)) walkUnknownKeys(def.valueType, child, [...path, key], out);
      return;
    }
    case 'union': {
      const match = def.options?.find((option) => option.safeParse(value).success);
      if (match) walkUnknownKeys(match, value, path, out);
      return;
    }
    default:
      return;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Rules the schema cannot express
// ---------------------------------------------------------------------------------------------------------------

function messageRules(body: Record<string, unknown>, base: PathSegment[], mustHaveContent: boolean): ContractIssue[] {
  const issues: ContractIssue[] = [];
  const flags = typeof body.flags === 'number' ? body.flags : 0;
  if (flags & IS_COMPONENTS_V2) {
    for (const key of ['content', 'embeds', 'poll', 'sticker_ids'] as const) {
      const v = body[key];
      if (v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0) && v !== '') {
        issues.push({
          path: formatPath([...base, key]),
          message: 'not allowed when flags include IS_COMPONENTS_V2 (1 << 15); use text display components',
        });
      }
    }
  }
  if (mustHaveContent) {
    const nonEmpty = (v: unknown) => v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0);
    const hasSomething = ['content', 'embeds', 'components', 'attachments', 'sticker_ids', 'poll', 'files'].some((k) =>
      nonEmpty(body[k]),
    );
    if (!hasSomething) {
      issues.push({
        path: formatPath(base),
        message:
          'cannot send an empty message (50006): needs content, embeds, components, attachments, stickers or a poll',
      });
    }
  }
  return issues;
}

/** The one command-name pattern (src/discord/limits.ts). */
const CHAT_INPUT_NAME = COMMAND_NAME_PATTERN;
const SUBCOMMAND = 1;
const SUBCOMMAND_GROUP = 2;

function checkCommand(command: unknown, schema: ZodMiniType, base: PathSegment[], options: ContractOptions) {
  const normalized = normalizeCommand(command);
  const issues = validate(schema, normalized, options, base);
  if (!isRecord(command)) return issues;
  const type = command.type ?? 1;
  if (type === 1) {
    if (typeof command.name === 'string') issues.push(...nameRules(command.name, [...base, 'name']));
    if (typeof command.description !== 'string' || command.description.length === 0) {
      issues.push({
        path: formatPath([...base, 'description']),
        message: 'chat input commands need a description (1-100)',
      });
    }
    if (Array.isArray(command.options)) issues.push(...optionRules(command.options, [...base, 'options'], 0));
    const chars = countChars(command);
    if (chars > 4000) {
      issues.push({
        path: formatPath(base),
        message: `name, description and option names/descriptions/choices total ${chars} characters (max 4000)`,
      });
    }
  } else if (typeof command.description === 'string' && command.description !== '') {
    issues.push({
      path: formatPath([...base, 'description']),
      message: 'user/message commands must not have a description',
    });
  }
  return issues;
}

function normalizeCommand(command: unknown): unknown {
  if (!isRecord(command)) return command;
  const perms = command.default_member_permissions;
  if (typeof perms === 'string' && /^\d+$/.test(perms))
    return { ...command, default_member_permissions: Number(perms) };
  return command;
}

function nameRules(name: string, path: PathSegment[]): ContractIssue[] {
  const issues: ContractIssue[] = [];
  if (!CHAT_INPUT_NAME.test(name)) {
    issues.push({ path: formatPath(path), message: `${JSON.stringify(name)} does not match Discord's name regex` });
  } else if (name !== name.toLowerCase()) {
    issues.push({ path: formatPath(path), message: `${JSON.stringify(name)} must be lowercase` });
  }
  return issues;
}

function optionRules(opts: unknown[], base: PathSegment[], depth: number): ContractIssue[] {
  const issues: ContractIssue[] = [];
  const seen = new Set<string>();
  let sawOptional = false;
  let sawSub = false;
  let sawBasic = false;
  opts.forEach((opt, i) => {
    if (!isRecord(opt)) return;
    const path = [...base, i];
    if (typeof opt.name === 'string') {
      issues.push(...nameRules(opt.name, [...path, 'name']));
      if (seen.has(opt.name))
        issues.push({
          path: formatPath([...path, 'name']),
          message: `duplicate option name ${JSON.stringify(opt.name)}`,
        });
      seen.add(opt.name);
    }
    const isSub = opt.type === SUBCOMMAND || opt.type === SUBCOMMAND_GROUP;
    if (isSub) sawSub = true;
    else sawBasic = true;
    if (!isSub) {
      if (opt.required === true && sawOptional) {
        issues.push({
          path: formatPath([...path, 'required']),
          message: 'required options must come before optional ones',
        });
      }
      if (opt.required !== true) sawOptional = true;
      if (opt.autocomplete === true && Array.isArray(opt.choices) && opt.choices.length > 0) {
        issues.push({
          path: formatPath([...path, 'autocomplete']),
          message: 'autocomplete cannot be combined with choices',
        });
      }
    }
    if (opt.type === SUBCOMMAND_GROUP && depth > 0) {
      issues.push({ path: formatPath([...path, 'type']), message: 'subcommand groups can only be top-level options' });
    }
    if (Array.isArray(opt.options)) issues.push(...optionRules(opt.options, [...path, 'options'], depth + 1));
  });
  if (sawSub && sawBasic) {
    issues.push({ path: formatPath(base), message: 'subcommands/groups cannot be mixed with other option types' });
  }
  return issues;
}

function countChars(value: Record<string, unknown>): number {
  let total = 0;
  for (const key of ['name', 'description'] as const) {
    const v = value[key];
    if (typeof v === 'string') total += v.length;
  }
  if (Array.isArray(value.choices)) {
    for (const choice of value.choices) {
      if (isRecord(choice)) total += String(choice.name ?? '').length + String(choice.value ?? '').length;
    }
  }
  if (Array.isArray(value.options)) {
    for (const opt of value.options) if (isRecord(opt)) total += countChars(opt);
  }
  return total;
}

function commandSetRules(commands: unknown[]): ContractIssue[] {
  const issues: ContractIssue[] = [];
  const seen = new Map<string, number>();
  let chatInput = 0;
  commands.forEach((command, i) => {
    if (!isRecord(command) || typeof command.name !== 'string') return;
    const type = typeof command.type === 'number' ? command.type : 1;
    if (type === 1) chatInput++;
    const key = `${type}:${command.name}`;
    const first = seen.get(key);
    if (first !== undefined) {
      issues.push({
        path: `[${i}].name`,
        message: `duplicate command name ${JSON.stringify(command.name)} (also at [${first}])`,
      });
    } else {
      seen.set(key, i);
    }
  });
  if (chatInput > 100) issues.push({ path: '(root)', message: `${chatInput} chat input commands (max 100)` });
  return issues;
}

// ---------------------------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------------------------

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function valueAt(root: unknown, path: PathSegment[]): unknown {
  let current: unknown = root;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PathSegment, unknown>)[segment];
  }
  return current;
}

export function formatPath(path: PathSegment[]): string {
  if (path.length === 0) return '(root)';
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out;
}

function preview(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 300 ? `${text.slice(0, 300)}...` : text;
}
