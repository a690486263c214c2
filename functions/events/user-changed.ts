import * as z from 'zod/mini';
import { roles } from '#domain/identity/roles.ts';
import { userStatuses } from '#domain/identity/user.ts';
import { defineEvent } from './define.ts';

const Snapshot = z.object({
  role: z.enum(roles),
  storeId: z.optional(z.string()),
  status: z.enum(userStatuses),
  displayName: z.string(),
});

/**
 * The audit record of a change to a user: who did it (`actor`), what changed (`fields`, with the user
 * before and after — never a password or its hash), and whether their tokens and sessions were ended.
 * `created`: a manager made the user, or a customer signed up (the actor is then the new user);
 * `updated`: a manager changed status, role, store or display name; `password-reset`: a manager set a
 * new password; `password-changed`: the user changed their own; `updated` with `fields: ['locale']`: the
 * user chose the language of the apps (and of the e-mails they are sent).
 */
export const UserChanged = defineEvent({
  name: 'UserChanged',
  source: 'comptoir.identity',
  version: 1,
  schema: z.object({
    userId: z.string(),
    username: z.string(),
    action: z.enum(['created', 'updated', 'password-reset', 'password-changed']),
    fields: z.array(z.string()),
    before: z.optional(Snapshot),
    after: Snapshot,
    actor: z.object({ userId: z.string(), username: z.string() }),
    sessionsRevoked: z.boolean(),
    // Optional additions: consumers accept their absence.
    /**
     * How to reach the user, as they are after the change (the notifications context keeps its own
     * directory of it: an e-mail in the user's language, docs/events.md).
     */
    contact: z.optional(
      z.object({ email: z.optional(z.string()), locale: z.optional(z.enum(['fr-CA', 'en-CA'])) }),
    ),
  }),
});
