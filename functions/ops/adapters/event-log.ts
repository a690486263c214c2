import { PutCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { ddb, decodeCursor, encodeCursor } from '#functions/adapters/dynamo.ts';

/**
 * The audit trail: every event of the bus, in the reporting table. Item layout (written down in
 * infra/spec/tables.ts):
 *
 * - by day, newest first: `pk=AUDITDAY#<yyyy-mm-dd>, sk=<occurredAt>#<eventId>`; the same item is
 *   indexed by type: `gsi1pk=AUDITTYPE#<detail-type>, gsi1sk=<occurredAt>#<eventId>`;
 * - the days that have events: `pk=AUDITDAYS, sk=<yyyy-mm-dd>` (listing walks back day by day
 *   through these, never through empty days);
 * - by correlation id: a copy `pk=AUDITCORR#<correlationId>, sk=<occurredAt>#<eventId>`.
 *
 * Each write is a plain put of a key derived from the event, so recording an event again rewrites
 * the same items (no duplicate, no transaction needed). Days are UTC days of `occurredAt`.
 */
export interface AuditedEvent {
  readonly eventId: string;
  readonly type: string;
  readonly source: string;
  readonly version: number;
  readonly correlationId: string;
  readonly occurredAt: string;
  /** When the bus received it (EventBridge `time`, second precision). */
  readonly publishedAt: string;
  readonly detail: Record<string, unknown>;
}

export interface EventQuery {
  readonly type?: string | undefined;
  readonly correlationId?: string | undefined;
  readonly limit: number;
  readonly cursor?: string | undefined;
}

export interface EventPage {
  readonly items: AuditedEvent[];
  readonly nextCursor?: string;
}

export class InvalidCursorError extends Error {
  override name = 'InvalidCursorError';
}

const fields = [
  'eventId',
  'type',
  'source',
  'version',
  'correlationId',
  'occurredAt',
  'publishedAt',
  'detail',
] as const;
const toEvent = (item: Record<string, unknown>): AuditedEvent =>
  Object.fromEntries(fields.map((f) => [f, item[f]])) as unknown as AuditedEvent;

type Key = Record<string, string>;
interface DayCursor {
  readonly day: string;
  readonly after?: Key;
}

export class EventLog {
  private readonly table: string;
  /** Days this process has already listed (a Lambda container or the local runtime): one write saved per event. */
  private readonly knownDays = new Set<string>();
  constructor(table: string) {
    this.table = table;
  }

  async record(event: AuditedEvent): Promise<void> {
    const sk = `${event.occurredAt}#${event.eventId}`;
    const day = event.occurredAt.slice(0, 10);
    const put = (Item: Record<string, unknown>) => ddb.send(new PutCommand({ TableName: this.table, Item }));
    await Promise.all([
      put({ pk: `AUDITDAY#${day}`, sk, gsi1pk: `AUDITTYPE#${event.type}`, gsi1sk: sk, ...event }),
      put({ pk: `AUDITCORR#${event.correlationId}`, sk, ...event }),
    ]);
    // Last: a day becomes listable only once its events are in place.
    if (!this.knownDays.has(day)) {
      await put({ pk: 'AUDITDAYS', sk: day });
      this.knownDays.add(day);
    }
  }

  async list(query: EventQuery): Promise<EventPage> {
    if (query.correlationId !== undefined) {
      return this.page(
        {
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: {
            ':pk': `AUDITCORR#${query.correlationId}`,
            ...(query.type !== undefined ? { ':type': query.type } : {}),
          },
          ...(query.type !== undefined
            ? { FilterExpression: '#type = :type', ExpressionAttributeNames: { '#type': 'type' } }
            : {}),
        },
        query,
      );
    }
    if (query.type !== undefined) {
      return this.page(
        {
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': `AUDITTYPE#${query.type}` },
        },
        query,
      );
    }
    return this.recent(query);
  }

  /** One partition, newest first, following DynamoDB's own pagination (filters may need several reads). */
  private async page(input: Omit<QueryCommandInput, 'TableName'>, query: EventQuery): Promise<EventPage> {
    let start: Key | undefined = query.cursor !== undefined ? this.decode<Key>(query.cursor) : undefined;
    const partition = (input.ExpressionAttributeValues as Record<string, string>)[':pk']!;
    if (query.cursor !== undefined && !keyOf(start, partition, input.IndexName !== undefined))
      throw new InvalidCursorError('bad cursor');
    const items: AuditedEvent[] = [];
    for (;;) {
      const out = await ddb.send(
        new QueryCommand({
          ...input,
          TableName: this.table,
          ScanIndexForward: false,
          Limit: query.limit - items.length,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      items.push(...(out.Items ?? []).map(toEvent));
      start = out.LastEvaluatedKey as Key | undefined;
      if (!start) return { items };
      if (items.length >= query.limit) return { items, nextCursor: encodeCursor(start) };
    }
  }

  /** Every event, newest first: walks the days that have events, from the cursor's day back. */
  private async recent(query: EventQuery): Promise<EventPage> {
    const cursor = query.cursor !== undefined ? this.decode<DayCursor>(query.cursor) : undefined;
    if (
      cursor &&
      (!/^\d{4}-\d{2}-\d{2}$/.test(String(cursor.day)) || !keyOf(cursor.after, `AUDITDAY#${cursor.day}`))
    )
      throw new InvalidCursorError('bad cursor');
    const items: AuditedEvent[] = [];
    const fromDay = cursor?.day;
    let after = cursor?.after;

    let daysStart: Key | undefined;
    for (;;) {
      const days = await ddb.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: fromDay ? 'pk = :pk AND sk <= :day' : 'pk = :pk',
          ExpressionAttributeValues: { ':pk': 'AUDITDAYS', ...(fromDay ? { ':day': fromDay } : {}) },
          ScanIndexForward: false,
          Limit: 10,
          ...(daysStart ? { ExclusiveStartKey: daysStart } : {}),
        }),
      );
      for (const { sk: day } of (days.Items ?? []) as { sk: string }[]) {
        let start = day === cursor?.day ? after : undefined;
        do {
          const out = await ddb.send(
            new QueryCommand({
              TableName: this.table,
              KeyConditionExpression: 'pk = :pk',
              ExpressionAttributeValues: { ':pk': `AUDITDAY#${day}` },
              ScanIndexForward: false,
              Limit: query.limit - items.length,
              ...(start ? { ExclusiveStartKey: start } : {}),
            }),
          );
          items.push(...(out.Items ?? []).map(toEvent));
          start = out.LastEvaluatedKey as Key | undefined;
          if (items.length >= query.limit) {
            // Continue in this day after the last item, or from the previous day.
            const next: DayCursor = start ? { day, after: start } : { day: previousDay(day) };
            return { items, nextCursor: encodeCursor(next) };
          }
        } while (start);
        after = undefined;
      }
      daysStart = days.LastEvaluatedKey as Key | undefined;
      if (!daysStart) return { items };
    }
  }

  private decode<T>(cursor: string): T {
    const value = decodeCursor<T>(cursor);
    if (value === undefined) throw new InvalidCursorError('bad cursor');
    return value;
  }
}

/** A cursor's key must be a key of the partition being read (undefined allowed when optional). */
function keyOf(key: unknown, partition: string, indexed = false): boolean {
  if (key === undefined) return true;
  if (typeof key !== 'object' || key === null) return false;
  const k = key as Record<string, unknown>;
  if (Object.values(k).some((v) => typeof v !== 'string')) return false;
  if (indexed) return k.gsi1pk === partition && typeof k.gsi1sk === 'string' && typeof k.pk === 'string';
  return k.pk === partition && typeof k.sk === 'string' && Object.keys(k).length === 2;
}

function previousDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}
