import { json, type HttpResponse } from '#functions/shared/http.ts';
import { toProblem } from '#functions/shared/problem.ts';
import { replayedFailures, type SaleAnswer } from './sales-service.ts';

/**
 * The HTTP answer of a sale, checkout or return: 201 with the order (and its location), or the
 * failure's problem; both with `idempotent-replayed: true` when they are what an earlier request with
 * the same Idempotency-Key got.
 */
export async function answer(run: () => Promise<SaleAnswer>): Promise<HttpResponse> {
  try {
    const { order, replayed } = await run();
    return json(201, order, {
      location: `/orders/${order.id}`,
      ...(replayed ? { 'idempotent-replayed': 'true' } : {}),
    });
  } catch (error) {
    if (error instanceof Error && replayedFailures.has(error))
      throw toProblem(error).withHeaders({ 'idempotent-replayed': 'true' });
    throw error;
  }
}
