// `discord-api-spec/zod` ships plain JS (its package.json points "types" at the .js file), so TypeScript
// would see it as an untyped module. Declare just the schemas test/support/contract.ts uses.
// This file must stay a script (no top-level import/export) so the declaration is ambient.
declare module 'discord-api-spec/zod' {
  import type { ZodMiniType } from 'zod/mini';

  /**
   * Switches `zObject` between z.object and z.strictObject. NOTE: it only affects schemas built after the call,
   * and every exported schema is built when the module is evaluated, so calling it after `import` is a no-op.
   * contract.ts does its own unknown-key walk instead.
   */
  export function setStrictObject(strict: boolean): unknown;

  export const PongInteractionCallbackRequestSchema: ZodMiniType;
  export const CreateMessageInteractionCallbackRequestSchema: ZodMiniType;
  export const UpdateMessageInteractionCallbackRequestSchema: ZodMiniType;
  export const ApplicationCommandAutocompleteCallbackRequestSchema: ZodMiniType;
  export const ModalInteractionCallbackRequestSchema: ZodMiniType;
  export const LaunchActivityInteractionCallbackRequestSchema: ZodMiniType;
  export const MessageCreateRequestSchema: ZodMiniType;
  export const CreateForumThreadRequestSchema: ZodMiniType;
  export const MessageEditRequestPartialSchema: ZodMiniType;
  export const IncomingWebhookRequestPartialSchema: ZodMiniType;
  export const IncomingWebhookUpdateRequestPartialSchema: ZodMiniType;
  export const ApplicationCommandCreateRequestSchema: ZodMiniType;
  export const ApplicationCommandUpdateRequestSchema: ZodMiniType;
}
