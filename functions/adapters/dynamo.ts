import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, type NativeAttributeValue } from '@aws-sdk/lib-dynamodb';
import { tableByName, type TableName } from '#infra/spec/tables.ts';

/**
 * One DynamoDB client per process. The endpoint comes from the SDK's own configuration
 * (AWS_ENDPOINT_URL_DYNAMODB locally or on LocalStack, nothing on AWS): no local-only code path.
 */
export const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
  marshallOptions: { removeUndefinedValues: true },
});

/** Physical table name, from the variable the stack (or the local runtime) sets. */
export function tableName(name: TableName): string {
  const envVar = tableByName(name).envVar;
  const value = process.env[envVar];
  if (!value) throw new Error(`${envVar} is not set`);
  return value;
}

export const isConditionFailure = (e: unknown): boolean =>
  e instanceof Error && e.name === 'ConditionalCheckFailedException';

/** Opaque pagination cursors: base64url of the DynamoDB key (or any small JSON). */
export const encodeCursor = (key: unknown): string => Buffer.from(JSON.stringify(key)).toString('base64url');
export function decodeCursor<T>(cursor: string): T | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return value !== null && typeof value === 'object' ? (value as T) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A cursor read back as a DynamoDB start key. Only a key of the query's own shape is accepted:
 * exactly the attributes of `expected`, all non-empty strings, each equal to its expected value where one is
 * given (the partition). Anything else — forged, tampered, another list's cursor — is undefined, for
 * the caller to refuse as bad input (DynamoDB would answer a ValidationException: a 500).
 */
export function decodeStartKey(
  cursor: string,
  expected: Readonly<Record<string, string | undefined>>,
): Record<string, string> | undefined {
  return startKeyOf(decodeCursor<unknown>(cursor), expected);
}

/** The same check for a start key already read from a cursor of another layout (e.g. `{f, k}`). */
export function startKeyOf(
  value: unknown,
  expected: Readonly<Record<string, string | undefined>>,
): Record<string, string> | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const key = value as Record<string, unknown>;
  const names = Object.keys(expected);
  const fits =
    Object.keys(key).length === names.length &&
    names.every(
      (n) =>
        Object.hasOwn(key, n) &&
        typeof key[n] === 'string' &&
        key[n] !== '' &&
        (expected[n] === undefined || key[n] === expected[n]),
    );
  return fits ? (key as Record<string, string>) : undefined;
}

/** Every item of a Query, following LastEvaluatedKey (for bounded partitions: a location's stock, a day range). */
export async function queryAll(
  input: ConstructorParameters<typeof QueryCommand>[0],
): Promise<Record<string, NativeAttributeValue>[]> {
  const items: Record<string, NativeAttributeValue>[] = [];
  let startKey: Record<string, NativeAttributeValue> | undefined;
  do {
    const out = await ddb.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey }));
    items.push(...(out.Items ?? []));
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  return items;
}
