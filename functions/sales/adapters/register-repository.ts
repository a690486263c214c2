import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { NativeAttributeValue } from '@aws-sdk/lib-dynamodb';
import {
  counterNames,
  parseReturnEntry,
  type CashMovement,
  type RegisterSession,
  type SessionCounters,
} from '#domain/sales/register.ts';
import { ddb, isConditionFailure, tableName } from '#functions/adapters/dynamo.ts';

/**
 * Register sessions in the sales table (infra/spec/tables.ts). The till's item
 * REGISTER#<storeId>#<registerId> / REGISTER holds its current (or last) session: status, float,
 * counters `n_<name>`, `pending` (string set of sales — order ids — and returns — `<returnId>@<orderId>`
 * — in flight), `done` (string set of those counted), `saleIds` and `returnIds` (the counted ones in
 * order), `receipts` (the counted sales' receipt numbers), movements and `revision`. Every decision is one
 * conditional write on that item: open (no open session), enter a sale (session open, sale not
 * counted), count a sale (it is pending there), close (still open, nothing pending, revision as
 * read). A closed session is also copied to SESSION#<sessionId> / SESSION for the history.
 */
type Item = Record<string, NativeAttributeValue>;

export interface RegisterRepository {
  current(storeId: string, registerId: string): Promise<RegisterSession | undefined>;
  /** Writes a new open session if the till's item is still `previous` (or absent); false otherwise. */
  open(session: RegisterSession, previous: RegisterSession | undefined): Promise<boolean>;
  /**
   * The sale enters the till's open session (`sessionId`: only that one) unless it was counted
   * there already; the session it is in, or undefined if the till has no open session (or another).
   */
  enter(
    storeId: string,
    registerId: string,
    orderId: string,
    sessionId?: string,
  ): Promise<string | undefined>;
  /**
   * Counts a pending sale or return of the session (`delta` undefined: it failed, it only leaves
   * `pending`); once. A sale's receipt number joins the session's receipts.
   */
  settle(
    storeId: string,
    registerId: string,
    sessionId: string,
    entry: string,
    delta: Partial<SessionCounters> | undefined,
    receipt?: string,
  ): Promise<void>;
  /** Records a cash movement once (by its id) in the open session; false if the session is not open. */
  move(
    storeId: string,
    registerId: string,
    sessionId: string,
    movement: CashMovement,
    delta: Partial<SessionCounters>,
  ): Promise<boolean>;
  /** Writes the closed session if the till's item is still open at `seenRevision` with nothing pending. */
  close(closed: RegisterSession, seenRevision: number): Promise<boolean>;
  /** The closed session's copy in the history (idempotent). */
  archive(session: RegisterSession): Promise<void>;
  /** The tills of a store (their current or last session), and its closed sessions newest first. */
  ofStore(storeId: string, limit: number): Promise<{ tills: RegisterSession[]; closed: RegisterSession[] }>;
}

const registerKey = (storeId: string, registerId: string): Item => ({
  pk: `REGISTER#${storeId}#${registerId}`,
  sk: 'REGISTER',
});
const sessionKey = (sessionId: string): Item => ({ pk: `SESSION#${sessionId}`, sk: 'SESSION' });

function toItem(s: RegisterSession): Item {
  const { counters, pendingSaleIds, ...rest } = s;
  return {
    ...rest,
    ...Object.fromEntries(counterNames.map((n) => [`n_${n}`, counters[n]])),
    ...(pendingSaleIds.length > 0 ? { pending: new Set(pendingSaleIds) } : {}),
    ...(s.saleIds.length + s.returnIds.length > 0 ? { done: new Set([...s.saleIds, ...s.returnIds]) } : {}),
  };
}

function toSession(item: Item): RegisterSession {
  const counters = Object.fromEntries(counterNames.map((n) => [n, Number(item[`n_${n}`] ?? 0)]));
  return {
    sessionId: item.sessionId as string,
    storeId: item.storeId as string,
    registerId: item.registerId as string,
    status: item.status as RegisterSession['status'],
    floatCents: item.floatCents as number,
    openedAt: item.openedAt as string,
    openedBy: item.openedBy as string,
    counters: counters as unknown as SessionCounters,
    saleIds: (item.saleIds as string[] | undefined) ?? [],
    receipts: (item.receipts as string[] | undefined) ?? [],
    returnIds: (item.returnIds as string[] | undefined) ?? [],
    pendingSaleIds: [...((item.pending as Set<string> | undefined) ?? [])].sort(),
    movements: (item.movements as CashMovement[] | undefined) ?? [],
    revision: (item.revision as number | undefined) ?? 0,
    ...(item.closedAt ? { closedAt: item.closedAt as string } : {}),
    ...(item.closedBy ? { closedBy: item.closedBy as string } : {}),
    ...(item.countedCents !== undefined ? { countedCents: item.countedCents as number } : {}),
    ...(item.expectedCashCents !== undefined ? { expectedCashCents: item.expectedCashCents as number } : {}),
    ...(item.overShortCents !== undefined ? { overShortCents: item.overShortCents as number } : {}),
  };
}

/** `ADD n_a :d0, n_b :d1` for the non-zero counters of a delta. */
function addCounters(delta: Partial<SessionCounters>) {
  const names: Record<string, string> = {};
  const values: Record<string, number> = {};
  const parts: string[] = [];
  counterNames.forEach((n, i) => {
    const v = delta[n];
    if (v === undefined || v === 0) return;
    names[`#c${i}`] = `n_${n}`;
    values[`:c${i}`] = v;
    parts.push(`#c${i} :c${i}`);
  });
  return { parts, names, values };
}

export class DynamoRegisterRepository implements RegisterRepository {
  private get table() {
    return tableName('sales');
  }

  async current(storeId: string, registerId: string): Promise<RegisterSession | undefined> {
    const res = await ddb.send(
      new GetCommand({ TableName: this.table, Key: registerKey(storeId, registerId), ConsistentRead: true }),
    );
    return res.Item ? toSession(res.Item) : undefined;
  }

  async open(session: RegisterSession, previous: RegisterSession | undefined): Promise<boolean> {
    try {
      await ddb.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            ...registerKey(session.storeId, session.registerId),
            type: 'register',
            ...toItem(session),
            gsi2pk: `REGISTERS#${session.storeId}`,
            gsi2sk: session.registerId,
          },
          ...(previous
            ? {
                ConditionExpression: 'sessionId = :prev AND #status = :closed',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':prev': previous.sessionId, ':closed': 'closed' },
              }
            : { ConditionExpression: 'attribute_not_exists(pk)' }),
        }),
      );
      return true;
    } catch (e) {
      if (isConditionFailure(e)) return false;
      throw e;
    }
  }

  async enter(
    storeId: string,
    registerId: string,
    orderId: string,
    sessionId?: string,
  ): Promise<string | undefined> {
    try {
      const res = await ddb.send(
        new UpdateCommand({
          TableName: this.table,
          Key: registerKey(storeId, registerId),
          UpdateExpression: 'ADD pending :o, revision :one',
          ConditionExpression:
            '#status = :open AND NOT contains(done, :id)' + (sessionId ? ' AND sessionId = :s' : ''),
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':o': new Set([orderId]),
            ':id': orderId,
            ':one': 1,
            ':open': 'open',
            ...(sessionId ? { ':s': sessionId } : {}),
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return res.Attributes?.sessionId as string;
    } catch (e) {
      if (!isConditionFailure(e)) throw e;
      // Already counted in its session: it is in it.
      const now = await this.current(storeId, registerId);
      const counted = now && (now.saleIds.includes(orderId) || now.returnIds.includes(orderId));
      return now && counted && (!sessionId || now.sessionId === sessionId) ? now.sessionId : undefined;
    }
  }

  async settle(
    storeId: string,
    registerId: string,
    sessionId: string,
    orderId: string,
    delta: Partial<SessionCounters> | undefined,
    receipt?: string,
  ): Promise<void> {
    const add = addCounters(delta ?? {});
    const counts = delta !== undefined;
    const list = parseReturnEntry(orderId) ? 'returnIds' : 'saleIds';
    const withReceipt = counts && receipt !== undefined;
    try {
      await ddb.send(
        new UpdateCommand({
          TableName: this.table,
          Key: registerKey(storeId, registerId),
          UpdateExpression:
            'DELETE pending :o ' +
            `ADD revision :one${counts ? ', done :o' : ''}${add.parts.map((p) => `, ${p}`).join('')}` +
            (counts ? ` SET ${list} = list_append(if_not_exists(${list}, :empty), :list)` : '') +
            (withReceipt ? ', receipts = list_append(if_not_exists(receipts, :empty), :receipt)' : ''),
          ConditionExpression: 'sessionId = :s AND contains(pending, :id)',
          ...(Object.keys(add.names).length > 0 ? { ExpressionAttributeNames: add.names } : {}),
          ExpressionAttributeValues: {
            ':o': new Set([orderId]),
            ':id': orderId,
            ':s': sessionId,
            ':one': 1,
            ...add.values,
            ...(counts ? { ':empty': [], ':list': [orderId] } : {}),
            ...(withReceipt ? { ':receipt': [receipt] } : {}),
          },
        }),
      );
    } catch (e) {
      if (!isConditionFailure(e)) throw e; // counted (or left) already
    }
  }

  async move(
    storeId: string,
    registerId: string,
    sessionId: string,
    movement: CashMovement,
    delta: Partial<SessionCounters>,
  ): Promise<boolean> {
    const add = addCounters(delta);
    try {
      await ddb.send(
        new UpdateCommand({
          TableName: this.table,
          Key: registerKey(storeId, registerId),
          UpdateExpression:
            `ADD revision :one, movementIds :mid${add.parts.map((p) => `, ${p}`).join('')} ` +
            'SET movements = list_append(if_not_exists(movements, :empty), :m)',
          ConditionExpression: '#status = :open AND sessionId = :s AND NOT contains(movementIds, :id)',
          ExpressionAttributeNames: { '#status': 'status', ...add.names },
          ExpressionAttributeValues: {
            ':one': 1,
            ':mid': new Set([movement.id]),
            ':id': movement.id,
            ':empty': [],
            ':m': [movement],
            ':open': 'open',
            ':s': sessionId,
            ...add.values,
          },
        }),
      );
      return true;
    } catch (e) {
      if (isConditionFailure(e)) return false;
      throw e;
    }
  }

  async close(closed: RegisterSession, seenRevision: number): Promise<boolean> {
    try {
      await ddb.send(
        new UpdateCommand({
          TableName: this.table,
          Key: registerKey(closed.storeId, closed.registerId),
          UpdateExpression:
            'SET #status = :closed, closedAt = :at, closedBy = :by, countedCents = :counted, ' +
            'expectedCashCents = :expected, overShortCents = :os ADD revision :one',
          ConditionExpression:
            '#status = :open AND sessionId = :s AND revision = :rev AND attribute_not_exists(pending)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':closed': 'closed',
            ':open': 'open',
            ':at': closed.closedAt,
            ':by': closed.closedBy,
            ':counted': closed.countedCents,
            ':expected': closed.expectedCashCents,
            ':os': closed.overShortCents,
            ':one': 1,
            ':s': closed.sessionId,
            ':rev': seenRevision,
          },
        }),
      );
      return true;
    } catch (e) {
      if (isConditionFailure(e)) return false;
      throw e;
    }
  }

  async archive(session: RegisterSession): Promise<void> {
    await ddb.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          ...sessionKey(session.sessionId),
          type: 'session',
          ...toItem(session),
          gsi1pk: `SESSIONS#${session.storeId}`,
          gsi1sk: `${session.openedAt}#${session.sessionId}`,
        },
      }),
    );
  }

  async ofStore(storeId: string, limit: number) {
    const [tills, closed] = await Promise.all([
      ddb.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: 'gsi2',
          KeyConditionExpression: 'gsi2pk = :p',
          ExpressionAttributeValues: { ':p': `REGISTERS#${storeId}` },
        }),
      ),
      ddb.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :p',
          ExpressionAttributeValues: { ':p': `SESSIONS#${storeId}` },
          ScanIndexForward: false,
          Limit: limit,
        }),
      ),
    ]);
    return {
      tills: (tills.Items ?? []).map(toSession),
      closed: (closed.Items ?? []).map(toSession),
    };
  }
}
