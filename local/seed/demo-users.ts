import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Role } from '#domain/identity/roles.ts';
import { createUser } from '#domain/identity/user.ts';
import { ConflictError } from '#domain/shared/errors.ts';
import { ddb, tableName } from '#functions/adapters/dynamo.ts';
import { HashQueue, ScryptPasswordHasher } from '#functions/identity/adapters/password-hasher.ts';
import { DynamoUserRepository } from '#functions/identity/adapters/user-repository.ts';

/**
 * The demo users, one per role and one cashier per store. Their password is for DEMO DATA ONLY: it is
 * printed in the start banner and written in the docs; never load these users anywhere real.
 */
export const demoPassword = 'comptoir-demo';

export interface DemoUser {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly email: string;
  readonly role: Role;
  readonly storeId?: string;
}

const cashierNames = ['Léa Gagnon', 'Samuel Côté', 'Noémie Roy', 'William Bouchard', 'Florence Pelletier'];

export const demoUsers: readonly DemoUser[] = [
  {
    id: 'usr_manager',
    username: 'manager',
    displayName: 'Mireille Tremblay',
    email: 'manager@comptoir.example',
    role: 'manager',
  },
  {
    id: 'usr_ops',
    username: 'ops',
    displayName: 'Olivier Lavoie',
    email: 'ops@comptoir.example',
    role: 'ops',
  },
  ...cashierNames.map((displayName, i) => ({
    id: `usr_cashier${i + 1}`,
    username: `cashier${i + 1}`,
    displayName,
    email: `cashier${i + 1}@comptoir.example`,
    role: 'cashier' as const,
    storeId: `store-${i + 1}`,
  })),
  {
    id: 'usr_customer',
    username: 'customer',
    displayName: 'Chloé Bergeron',
    email: 'customer@comptoir.example',
    role: 'customer',
  },
];

const marker = { pk: 'SEED', sk: 'DEMO-USERS' };
const seededAt = '2026-01-05T13:00:00.000Z';

/**
 * Creates the demo users that do not exist yet, through the identity repository (claims and all), once
 * per data folder: a marker records it, so a restart keeps whatever happened to them since.
 */
export async function seedDemoUsers(): Promise<number> {
  const table = tableName('identity');
  const done = await ddb.send(new GetCommand({ TableName: table, Key: marker, ConsistentRead: true }));
  if (done.Item) return 0;
  const users = new DynamoUserRepository();
  // Every demo user has the same published password: one scrypt for all of them (each costs ~0.4 s of a
  // core, and every test runtime seeds), through its own queue — the login queue is for requests.
  const hasher = new ScryptPasswordHasher(undefined, new HashQueue(1, Infinity));
  let hashed: Promise<string> | undefined;
  const demoHash = () => (hashed ??= hasher.hash(demoPassword));
  let created = 0;
  await Promise.all(
    demoUsers.map(async (u) => {
      if (await users.get(u.id)) return;
      const user = createUser(u.id, u, demoPassword, seededAt);
      try {
        await users.create(user, await demoHash());
        created++;
      } catch (e) {
        // A real user took the name first (a data folder older than the demo users): keep theirs.
        if (!(e instanceof ConflictError)) throw e;
        process.stderr.write(`demo user ${u.username} not created: ${e.message}\n`);
      }
    }),
  );
  await ddb.send(new PutCommand({ TableName: table, Item: { ...marker, at: new Date().toISOString() } }));
  return created;
}
