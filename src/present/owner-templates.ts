// Replies that differ from one user to the next only by the owner id at the end of their custom_ids
// (`aesc:plant:o:sunderland:<owner>`, see nav.ts) are built once per key with a placeholder owner, kept, and handed
// out as copies with the asker's id in its place. A plant card costs 20-30 µs to build (bench/i18n.ts); a copy shares everything
// but the branches that lead to a custom_id (texts and pictures are shared, read-only), a few µs.
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

/** Whether `value` holds, at any depth, a custom_id ending with the placeholder. */
function holdsOwner(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(holdsOwner);
  if (typeof value !== 'object' || value === null || ArrayBuffer.isView(value)) return false;
  for (const [k, v] of Object.entries(value)) {
    if (k === 'custom_id' ? typeof v === 'string' && v.endsWith(SUFFIX) : holdsOwner(v)) return true;
  }
  return false;
}

/**
 * A recipe for `withOwner`: which branches of the template lead to an owner's custom_id. Only those are copied;
 * everything else (texts, pictures, most of a card) is shared with the template, which nobody changes.
 */
type Plan = { kind: 'id' } | { kind: 'array'; items: (Plan | null)[] } | { kind: 'object'; keys: [string, Plan][] };

function planOf(value: unknown): Plan | null {
  if (Array.isArray(value)) {
    const items = value.map(planOf);
    return items.some((i) => i !== null) ? { kind: 'array', items } : null;
  }
  if (typeof value !== 'object' || value === null || ArrayBuffer.isView(value) || !holdsOwner(value)) return null;
  const keys: [string, Plan][] = [];
  for (const [k, v] of Object.entries(value)) {
    if (k === 'custom_id' && typeof v === 'string' && v.endsWith(SUFFIX)) keys.push([k, { kind: 'id' }]);
    else {
      const plan = planOf(v);
      if (plan !== null) keys.push([k, plan]);
    }
  }
  return { kind: 'object', keys };
}

/** `value` with `owner` in place of the placeholder at the end of every custom_id, copying only what changes. */
function withOwner(value: unknown, plan: Plan, owner: string): unknown {
  switch (plan.kind) {
    case 'id':
      return `${(value as string).slice(0, -TEMPLATE_OWNER.length)}${owner}`;
    case 'array':
      return (value as unknown[]).map((v, i) => {
        const p = plan.items[i];
        return p ? withOwner(v, p, owner) : v;
      });
    case 'object': {
      const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
      for (const [k, p] of plan.keys) out[k] = withOwner(out[k], p, owner);
      return out;
    }
  }
}

/** Whether the placeholder occurs only at the ends of custom_ids (so a copy with another owner is that owner's reply). */
function ownerOnlyInCustomIds(reply: HandlerReply): boolean {
  const json = JSON.stringify(reply.data);
  const all = json.split(TEMPLATE_OWNER).length - 1;
  const inIds = json.match(/"custom_id":"[^"]*:99999999999999999999"/g)?.length ?? 0;
  return all === inIds;
}

/** Templates are shared by every copy: frozen, so that code changing an answer in place fails loudly in tests. */
function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || ArrayBuffer.isView(value) || Object.isFrozen(value)) return value;
  for (const v of Object.values(value)) deepFreeze(v);
  return Object.freeze(value);
}

interface Template {
  reply: HandlerReply;
  /** How to put an owner into `reply.data`; null when it holds no owner at all. */
  plan: Plan | null;
}

/** A bounded cache (oldest key dropped first) of owner templates. */
export function ownerTemplates(max = 256): OwnerTemplates {
  const kept = new Map<string, Template | null>();
  return {
    get(key, owner, build) {
      let template = kept.get(key);
      if (template === undefined) {
        const built = build(TEMPLATE_OWNER);
        template = ownerOnlyInCustomIds(built)
          ? { reply: { ...built, data: deepFreeze(built.data) }, plan: planOf(built.data) }
          : null;
        if (kept.size >= max) kept.delete(kept.keys().next().value as string);
        kept.set(key, template);
      }
      // null: this key's reply depends on the owner beyond its custom_ids; build it for this owner.
      if (template === null) return build(owner);
      const { reply, plan } = template;
      const data = plan === null ? { ...reply.data } : withOwner(reply.data, plan, ownerPart(owner));
      return { ...reply, data } as HandlerReply;
    },
    get size() {
      return kept.size;
    },
  };
}
