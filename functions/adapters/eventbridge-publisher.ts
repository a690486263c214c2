import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { log } from '#functions/shared/correlation.ts';
import type { DomainEvent, EventPublisher } from './event-publisher.ts';

/**
 * Publishes to the project's EventBridge bus (EVENT_BUS_NAME). The endpoint comes from the SDK's
 * configuration: AWS_ENDPOINT_URL_EVENTBRIDGE points at the local bus, nothing on AWS.
 * PutEvents takes at most 10 entries; entries that fail are retried, then the call throws so the
 * caller (a saga step, a consumer) is retried as a whole — events are never silently lost.
 */
const client = new EventBridgeClient({});

export class EventBridgePublisher implements EventPublisher {
  private readonly busName: string;
  constructor(busName = process.env.EVENT_BUS_NAME ?? 'comptoir') {
    this.busName = busName;
  }

  async publish(events: readonly DomainEvent[]): Promise<void> {
    for (let i = 0; i < events.length; i += 10) {
      let batch = events.slice(i, i + 10);
      for (let attempt = 0; batch.length > 0; attempt++) {
        const out = await client.send(
          new PutEventsCommand({
            Entries: batch.map((e) => ({
              EventBusName: this.busName,
              Source: e.source,
              DetailType: e.detailType,
              Detail: JSON.stringify(e.detail),
            })),
          }),
        );
        if (!out.FailedEntryCount) break;
        const failed = batch.filter((_, j) => out.Entries?.[j]?.ErrorCode);
        if (attempt >= 3)
          throw new Error(
            `${failed.length} event(s) could not be published: ${out.Entries?.find((x) => x.ErrorCode)?.ErrorMessage}`,
          );
        log.warn('retrying unpublished events', { count: failed.length });
        batch = failed;
        await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
      }
    }
  }
}
