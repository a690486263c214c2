import { httpHandler, json } from '#functions/shared/http.ts';
import { movementsApi } from './movement-schemas.ts';
import { reorderDeps, setReorderRule } from './reorder-service.ts';

const deps = reorderDeps();

/** 200 with the stock line and its rule; the rule is applied at once. `{"rule": null}` removes it. */
export const handler = httpHandler(
  movementsApi['PUT /locations/{locationId}/stock/{productId}/reorder-rule'],
  async ({ params, body, caller }) =>
    json(
      200,
      await setReorderRule(deps, {
        locationId: params.locationId,
        productId: params.productId,
        settings:
          body.rule === null
            ? null
            : {
                orderUpTo: body.rule.orderUpTo,
                multiple: body.rule.multiple ?? 1,
                minimum: body.rule.minimum ?? 1,
                ...(body.rule.snoozedUntil !== undefined ? { snoozedUntil: body.rule.snoozedUntil } : {}),
              },
        setBy: caller?.userId ?? 'anonymous',
      }),
    ),
);
