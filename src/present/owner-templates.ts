// Replies that differ from one user to the next only by the owner id at the end of their custom_ids
// (`aesc:plant:o:sunderland:<owner>`, see nav.ts) are built once per key with a placeholder owner, kept, and handed
// out as copies with the asker's id in its place. A plant card costs 40-60 µs to build and under 10 µs to copy.
//
// The placeholder is 20 nines: a valid owner part for the custom_id patterns (\d{1,20}), and larger than any
// snowflake (< 2^64 ≈ 1.8e19), so it never stands for a real user. A build whose result mentions the placeholder
// anywhere but at the end of a custom_id (a user mention in a text, say) is not kept: that reply depends on the
// owner in a way a copy cannot fix, so it is built for each asker as before.
import type { HandlerReply } from '../core/command.js';
import { ownerPart } from './nav.js';

export const TEMPLATE_OWNER = '99999999999999999999';
const SUFFIX = `:${TEMPLATE_OWNER}`;

export interface OwnerTemplates {
  /** The reply for `key` with `owner` in its custom_ids; `build` runs once per key (while the key is kept). */
  get(key: string, owner: string, build: (owner: string) => HandlerReply): HandlerReply;
  readonly size: number;
}

/** Copies `value` (plain JSON data), ending every custom_id that ends with the placeholder with `owner` instead. */
function withOwner<T>(value: T, owner: string): T {
  if (Array.isArray(value)) return value.map((v) => withOwner(v, owner)) as T;
  if (typeof value !== 'object' || value === null || ArrayBuffer.isView(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] =
      k === 'custom_id' && typeof v === 'string' && v.endsWith(SUFFIX)
        ? `${v.slice(0, -TEMPLATE_OWNER.length)}${owner}`
        : withOwner(v, owner);
  }
  return out as T;
}

/** Whether the placeholder occurs only at the ends of custom_ids (so a copy with another owner is that owner's reply). */
function ownerOnlyInCustomIds(reply: HandlerReply): boolean {
  const json = JSON.stringify(reply.data);
  const all = json.split(TEMPLATE_OWNER).length - 1;
  const inIds = json.match(/"custom_id":"[^"]*:99999999999999999999"/g)?.length ?? 0;
  return all === inIds;
}

/** A bounded cache (oldest key dropped first) of owner templates. */
export function ownerTemplates(max = 256): OwnerTemplates {
  const kept = new Map<string, HandlerReply | null>();
  return {
    get(key, owner, build) {
      let template = kept.get(key);
      if (template === undefined) {
        const built = build(TEMPLATE_OWNER);
        template = ownerOnlyInCustomIds(built) ? built : null;
        if (kept.size >= max) kept.delete(kept.keys().next().value as string);
        kept.set(key, template);
      }
      // null: this key's reply depends on the owner beyond its custom_ids; build it for this owner.
      if (template === null) return build(owner);
      const { files, ...rest } = template;
      const copy = withOwner(rest, ownerPart(owner));
      return (files ? { ...copy, files } : copy) as HandlerReply;
    },
    get size() {
      return kept.size;
    },
  };
}
