import { httpHandler, json } from '#functions/shared/http.ts';
import { StockLedger } from './adapters/ledger.ts';
import { DynamoThresholdsWriter } from './adapters/thresholds-writer.ts';
import { setThresholds } from './ledger-service.ts';
import { movementsApi } from './movement-schemas.ts';
import { EventBridgePublisher } from '#functions/adapters/eventbridge-publisher.ts';

const deps = {
  thresholds: new DynamoThresholdsWriter(undefined, new StockLedger(undefined, new EventBridgePublisher())),
};

export const handler = httpHandler(
  movementsApi['PUT /locations/{locationId}/stock/{productId}/thresholds'],
  async ({ params, body, caller }) =>
    json(
      200,
      await setThresholds(deps, {
        locationId: params.locationId,
        productId: params.productId,
        thresholds: body,
        setBy: caller?.userId ?? 'anonymous',
      }),
    ),
);
