import type { NativeAttributeValue, UpdateCommandInput } from '@aws-sdk/lib-dynamodb';

/**
 * A guarded DynamoDB UpdateItem built from parts: SET and REMOVE clauses, conditions (ANDed), and the
 * names and values they use. Parts from several owners (the stock change, the ledger's outbox, a
 * hold's tombstone) are combined without any of them editing another's expression text.
 */
export interface UpdateParts {
  readonly set?: readonly string[];
  readonly remove?: readonly string[];
  readonly add?: readonly string[];
  /** Each one a complete condition; all of them must hold. */
  readonly conditions?: readonly string[];
  readonly names?: Readonly<Record<string, string>>;
  readonly values?: Readonly<Record<string, NativeAttributeValue>>;
}

function mergeMap<V>(
  a: Readonly<Record<string, V>> | undefined,
  b: Readonly<Record<string, V>> | undefined,
  what: string,
): Record<string, V> {
  const out: Record<string, V> = { ...a };
  for (const [k, v] of Object.entries(b ?? {})) {
    if (k in out && out[k] !== v && what === 'name')
      throw new Error(`update parts disagree on expression ${what} ${k}`);
    out[k] = v;
  }
  return out;
}

export function combine(...parts: readonly UpdateParts[]): UpdateParts {
  return parts.reduce<UpdateParts>(
    (acc, p) => ({
      set: [...(acc.set ?? []), ...(p.set ?? [])],
      remove: [...(acc.remove ?? []), ...(p.remove ?? [])],
      add: [...(acc.add ?? []), ...(p.add ?? [])],
      conditions: [...(acc.conditions ?? []), ...(p.conditions ?? [])],
      names: mergeMap(acc.names, p.names, 'name'),
      values: mergeMap(acc.values, p.values, 'value'),
    }),
    {},
  );
}

/** The UpdateItem input of `parts` on `key` of `table`. */
export function updateInput(
  table: string,
  key: Record<string, NativeAttributeValue>,
  parts: UpdateParts,
  returnValues?: UpdateCommandInput['ReturnValues'],
): UpdateCommandInput {
  const clauses = [
    parts.set?.length ? `SET ${parts.set.join(', ')}` : '',
    parts.remove?.length ? `REMOVE ${parts.remove.join(', ')}` : '',
    parts.add?.length ? `ADD ${parts.add.join(', ')}` : '',
  ].filter((c) => c !== '');
  if (clauses.length === 0) throw new Error('an update needs at least one SET, REMOVE or ADD');
  const names = parts.names ?? {};
  const values = parts.values ?? {};
  return {
    TableName: table,
    Key: key,
    UpdateExpression: clauses.join(' '),
    ...(parts.conditions?.length
      ? { ConditionExpression: parts.conditions.map((c) => `(${c})`).join(' AND ') }
      : {}),
    ...(Object.keys(names).length ? { ExpressionAttributeNames: { ...names } } : {}),
    ...(Object.keys(values).length ? { ExpressionAttributeValues: { ...values } } : {}),
    ...(returnValues ? { ReturnValues: returnValues } : {}),
  };
}
