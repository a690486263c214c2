import { isFinal, type RequestedLine, type ReturnReason } from '#domain/sales/order.ts';
import {
  assertVoidable,
  cashMovement,
  closeSession,
  openSession,
  parseReturnEntry,
  returnDelta,
  returnEntry,
  saleDelta,
  zReport,
  type RegisterSession,
} from '#domain/sales/register.ts';
import { ConflictError, NotFoundError, TryLater } from '#domain/shared/errors.ts';
import { m } from '#domain/shared/message.ts';
import { RegisterClosed } from '#functions/events/register-closed.ts';
import { RegisterOpened } from '#functions/events/register-opened.ts';
import { assertStore } from '#functions/shared/access.ts';
import type { Caller } from '#functions/shared/http.ts';
import { idFromKey, type Idempotency } from '#functions/shared/idempotency.ts';
import type { RegisterRepository } from './adapters/register-repository.ts';
import type { SalesDeps } from './deps.ts';
import { log } from '#functions/shared/correlation.ts';
import type { OrderView } from './order-view.ts';
import { numberReceipt } from './receipts.ts';
import {
  finishReturn,
  placeOrder,
  returnOrder,
  type ReturnApproval,
  type SaleAnswer,
  type SaleRequest,
  type SellingDeps,
} from './sales-service.ts';

/**
 * Register sessions (the cash drawer of a till) and the sales made at a till (domain/sales/register.ts
 * for the rules). A sale naming a till enters the till's open session before it runs and is counted
 * in it once final; a sale naming no till (API integrations) runs as before and belongs to no session.
 */
export interface RegisterDeps extends SalesDeps {
  readonly registers: RegisterRepository;
}

/** How long a close waits for a sale of its session still in flight before answering "retry". */
const closeWaitMs = 8_000;

const notOpen = (registerId: string) =>
  new ConflictError('register-closed', m`Till ${registerId} has no open session: open one first`, {
    registerId,
  });

/** The session's public shape: its figures, movements and Z-report (no storage fields). */
export function sessionView(s: RegisterSession) {
  return {
    sessionId: s.sessionId,
    storeId: s.storeId,
    registerId: s.registerId,
    status: s.status,
    floatCents: s.floatCents,
    openedAt: s.openedAt,
    openedBy: s.openedBy,
    ...(s.closedAt ? { closedAt: s.closedAt, closedBy: s.closedBy } : {}),
    salesInProgress: s.pendingSaleIds.length,
    saleIds: s.saleIds,
    receipts: s.receipts,
    returnIds: s.returnIds.map((e) => parseReturnEntry(e)?.returnId ?? e),
    movements: s.movements.map(({ id, direction, amountCents, reason, at, by }) => ({
      id,
      direction,
      amountCents,
      reason,
      at,
      by,
    })),
    report: zReport(s),
  };
}
export type SessionView = ReturnType<typeof sessionView>;

export async function currentSession(deps: RegisterDeps, storeId: string, registerId: string) {
  const s = await deps.registers.current(storeId, registerId);
  if (!s) throw new NotFoundError('Register session of till', registerId);
  return sessionView(s);
}

/** Opens the till's session with its counted float; the Idempotency-Key is the session's id. */
export async function openRegister(
  deps: RegisterDeps,
  caller: Caller,
  input: {
    storeId: string;
    registerId: string;
    floatCents: number;
    correlationId: string;
    idempotency: Idempotency;
  },
): Promise<{ session: SessionView; replayed: boolean }> {
  const sessionId = idFromKey('ses', input.idempotency.scope, input.idempotency.key);
  for (let attempt = 0; attempt < 5; attempt++) {
    const previous = await deps.registers.current(input.storeId, input.registerId);
    if (previous?.sessionId === sessionId) {
      // A retry: announced again (the first answer may have been lost before its event; consumers dedupe by sessionId).
      await announceOpened(deps, previous, input.correlationId);
      return { session: sessionView(previous), replayed: true };
    }
    if (previous?.status === 'open')
      throw new ConflictError(
        'register-open',
        m`Till ${input.registerId} already has an open session: close it first`,
        { sessionId: previous.sessionId },
      );
    // The last session is closed: its copy in the history is made (again, harmlessly) before it is replaced.
    if (previous) await deps.registers.archive(previous);
    const session = openSession({
      sessionId,
      storeId: input.storeId,
      registerId: input.registerId,
      floatCents: input.floatCents,
      at: deps.now(),
      by: caller.userId,
    });
    if (await deps.registers.open(session, previous)) {
      await announceOpened(deps, session, input.correlationId);
      return { session: sessionView(session), replayed: false };
    }
  }
  throw new TryLater('concurrent-update', 'The till changed meanwhile; retry', 1, {}, true);
}

/** Cash in or out of the drawer, with a reason; the Idempotency-Key is the movement's id. */
export async function moveCash(
  deps: RegisterDeps,
  caller: Caller,
  input: {
    storeId: string;
    registerId: string;
    sessionId: string;
    direction: 'in' | 'out';
    amountCents: number;
    reason: string;
    idempotency: Idempotency;
  },
): Promise<SessionView> {
  const id = idFromKey('cash', input.idempotency.scope, input.idempotency.key);
  const { movement, delta } = cashMovement({
    id,
    direction: input.direction,
    amountCents: input.amountCents,
    reason: input.reason,
    at: deps.now(),
    by: caller.userId,
  });
  const before = await deps.registers.current(input.storeId, input.registerId);
  const done = before?.sessionId === input.sessionId && before.movements.some((x) => x.id === id);
  if (
    !done &&
    !(await deps.registers.move(input.storeId, input.registerId, input.sessionId, movement, delta))
  ) {
    const now = await deps.registers.current(input.storeId, input.registerId);
    if (!(now?.sessionId === input.sessionId && now.movements.some((x) => x.id === id)))
      throw notOpenSession(input.registerId, input.sessionId);
  }
  return currentSession(deps, input.storeId, input.registerId);
}

const notOpenSession = (registerId: string, sessionId: string) =>
  new ConflictError(
    'session-not-open',
    m`Session ${sessionId} is not the open session of till ${registerId}`,
    { registerId, sessionId },
  );

/**
 * Counts a sale that entered the session, if it is final: confirmed (or since returned) → its
 * amounts; failed → it only leaves the pending list. A sale still running stays pending.
 */
async function settleSale(
  deps: RegisterDeps,
  till: { storeId: string; registerId: string; sessionId: string },
  orderId: string,
  /**
   * A sale that entered the session but has no order yet: `running` (the close: it is being written
   * this instant, and would otherwise be confirmed outside the Z-report) or `gone` (its own request
   * ended without one; or the close waited its whole time, so its process died before writing it).
   */
  missing: 'running' | 'gone',
): Promise<'settled' | 'running'> {
  const read = await deps.orders.get(orderId);
  if (read ? !isFinal(read) : missing === 'running') return 'running';
  const belongs = read?.sessionId === till.sessionId && read.registerId === till.registerId;
  // A sale confirmed by a run that died before numbering it gets its number now (once: receipts.ts).
  const order = read && belongs ? await numberReceipt(deps, read) : read;
  await deps.registers.settle(
    till.storeId,
    till.registerId,
    till.sessionId,
    orderId,
    order && belongs ? saleDelta(order) : undefined,
    order && belongs ? order.receiptNumber : undefined,
  );
  return 'settled';
}

/** Counts an entry of the session (the close): a sale by its order id, or a return by its entry. */
function settleEntry(
  deps: RegisterDeps,
  till: { storeId: string; registerId: string; sessionId: string },
  entry: string,
  missing: 'running' | 'gone',
): Promise<'settled' | 'running'> {
  const r = parseReturnEntry(entry);
  return r ? settleReturn(deps, till, r, missing) : settleSale(deps, till, entry, missing);
}

/**
 * Counts a return that entered the session, once completed. A return recorded but left pending by a
 * crash is finished here first (refund and OrderReturned are idempotent by its id), so a close never
 * waits on the recovery; one not recorded on its order is `missing` like a sale.
 */
async function settleReturn(
  deps: RegisterDeps,
  till: { storeId: string; registerId: string; sessionId: string },
  entry: { returnId: string; orderId: string },
  missing: 'running' | 'gone',
): Promise<'settled' | 'running'> {
  let order = await deps.orders.get(entry.orderId);
  let r = order?.returns.find((x) => x.id === entry.returnId);
  if (order && r?.status === 'pending') {
    order = await finishReturn(deps, order, r.id, `close-${till.sessionId}`);
    r = order.returns.find((x) => x.id === entry.returnId);
  }
  if (!order || !r) {
    if (missing === 'running') return 'running';
  }
  const belongs = r?.sessionId === till.sessionId && r.registerId === till.registerId;
  await deps.registers.settle(
    till.storeId,
    till.registerId,
    till.sessionId,
    returnEntry(entry.returnId, entry.orderId),
    order && r && belongs ? returnDelta(order, r) : undefined,
  );
  return 'settled';
}

/**
 * A return (or a void) taken at a till: it enters the till's open session (a retry only the session it
 * is already in), is recorded with the till and session, refunded to the original tender and counted
 * in the session once completed. No open session → 409 register-closed, nothing refunded. A void must
 * be the whole of the session's last sale (`assertVoidable`).
 */
export async function returnAtTill(
  deps: RegisterDeps,
  caller: Caller | undefined,
  input: {
    orderId: string;
    registerId: string;
    lines: readonly RequestedLine[];
    reason?: ReturnReason | undefined;
    correlationId: string;
    idempotency: Idempotency;
    approval?: ReturnApproval;
  },
): Promise<{ order: OrderView; replayed: boolean }> {
  const returnId = idFromKey('ret', input.idempotency.scope, input.idempotency.key);
  const order = await deps.orders.get(input.orderId);
  if (!order) throw new NotFoundError('Order', input.orderId);
  assertStore(caller, order.locationId);
  const existing = order.returns.find((r) => r.id === returnId);
  const run = (till?: { registerId: string; sessionId: string }) =>
    returnOrder(
      deps,
      caller,
      input.orderId,
      input.lines,
      input.correlationId,
      input.idempotency,
      input.approval,
      { reason: input.reason, till },
    );
  // Completed already: answered from the order (its session counted it, or its close did).
  if (existing && existing.status !== 'pending') return run();
  const storeId = order.locationId;
  if (input.reason === 'void' && !existing)
    assertVoidable(await deps.registers.current(storeId, input.registerId), order);
  const entry = returnEntry(returnId, order.id);
  const sessionId = await deps.registers.enter(storeId, input.registerId, entry, existing?.sessionId);
  if (!sessionId) throw notOpen(input.registerId);
  const till = { storeId, registerId: input.registerId, sessionId };
  try {
    return await run({ registerId: input.registerId, sessionId });
  } finally {
    // Left pending if this fails too: the close finishes and counts it.
    await settleReturn(deps, till, { returnId, orderId: order.id }, 'gone').catch((e: unknown) =>
      log.warn('return not counted in its session yet', { returnId, error: String(e) }),
    );
  }
}

/**
 * A sale at a till: it enters the till's open session (a retry, or a retryable failure run again,
 * only the session it is already in), runs through the checkout as any sale, and is counted in the
 * session once final. No open session → 409 register-closed, nothing charged.
 */
export async function sellAtTill(
  deps: SellingDeps & RegisterDeps,
  request: SaleRequest & { registerId: string },
): Promise<SaleAnswer> {
  const orderId = idFromKey('ord', request.idempotency.scope, request.idempotency.key);
  const existing = await deps.orders.get(orderId);
  const rerun = !existing || !isFinal(existing) || existing.failure?.retryable === true;
  let sessionId = existing?.sessionId;
  if (rerun) {
    sessionId = await deps.registers.enter(
      request.locationId,
      request.registerId,
      orderId,
      existing?.sessionId,
    );
    if (!sessionId) throw notOpen(request.registerId);
  }
  const till = { storeId: request.locationId, registerId: request.registerId, sessionId: sessionId ?? '' };
  try {
    return await placeOrder(deps, {
      ...request,
      till: { registerId: request.registerId, sessionId: sessionId ?? '' },
    });
  } finally {
    if (sessionId) await settleSale(deps, till, orderId, 'gone');
  }
}

/**
 * Closes the till's session with the counted drawer. Sales of the session still in flight are waited
 * for (a while; then 409 sale-in-progress, retry); a sale that enters meanwhile makes the close read
 * the session again. The answer is the closed session with its Z-report.
 */
export async function closeRegister(
  deps: RegisterDeps,
  caller: Caller,
  input: {
    storeId: string;
    registerId: string;
    sessionId: string;
    countedCents: number;
    correlationId: string;
  },
): Promise<SessionView> {
  const deadline = Date.parse(deps.now()) + closeWaitMs;
  for (let wait = 100; ; wait = Math.min(1000, wait * 2)) {
    const s = await deps.registers.current(input.storeId, input.registerId);
    if (!s || s.sessionId !== input.sessionId) throw new NotFoundError('Session', input.sessionId);
    if (s.status === 'closed') {
      if (s.countedCents !== input.countedCents)
        throw new ConflictError('session-closed', m`Session ${s.sessionId} is already closed`, {
          sessionId: s.sessionId,
        });
      // A retry of the close: announced again (consumers dedupe by sessionId).
      const view = sessionView(s);
      await announceClosed(deps, s, view.report, input.correlationId);
      return view;
    }
    let running = 0;
    // Past the wait, a sale still without its order is taken as gone (its process died before writing it).
    const past = Date.parse(deps.now()) >= deadline;
    const missing = past ? 'gone' : 'running';
    for (const orderId of s.pendingSaleIds)
      if ((await settleEntry(deps, { ...input }, orderId, missing)) === 'running') running++;
    if (running === 0) {
      const fresh = await deps.registers.current(input.storeId, input.registerId);
      if (fresh && fresh.pendingSaleIds.length === 0 && fresh.status === 'open') {
        const closed = closeSession(fresh, {
          countedCents: input.countedCents,
          at: deps.now(),
          by: caller.userId,
        });
        if (await deps.registers.close(closed, fresh.revision)) {
          const view = sessionView({ ...closed, revision: fresh.revision + 1 });
          await deps.registers.archive(closed);
          await announceClosed(deps, closed, view.report, input.correlationId);
          return view;
        }
      }
      // A sale entered or was counted meanwhile: read the session again.
    }
    if (past)
      throw new TryLater(
        'sale-in-progress',
        m`A sale of session ${s.sessionId} is still in progress; retry the close in a moment`,
        2,
        { sessionId: s.sessionId },
        true,
      );
    if (running > 0) await deps.sleep(wait);
  }
}

function announceOpened(deps: RegisterDeps, s: RegisterSession, correlationId: string) {
  return deps.events.publish([
    RegisterOpened.make(
      {
        sessionId: s.sessionId,
        storeId: s.storeId,
        registerId: s.registerId,
        floatCents: s.floatCents,
        openedBy: s.openedBy,
        openedAt: s.openedAt,
      },
      { correlationId, occurredAt: s.openedAt },
    ),
  ]);
}

function announceClosed(
  deps: RegisterDeps,
  s: RegisterSession,
  report: SessionView['report'],
  correlationId: string,
) {
  return deps.events.publish([
    RegisterClosed.make(
      {
        sessionId: s.sessionId,
        storeId: s.storeId,
        registerId: s.registerId,
        closedBy: s.closedBy ?? '',
        closedAt: s.closedAt ?? '',
        report,
      },
      { correlationId, occurredAt: s.closedAt ?? '' },
    ),
  ]);
}

/** The tills of a store with their current (or last) session, and its closed sessions newest first. */
export async function storeSessions(deps: RegisterDeps, storeId: string, limit: number) {
  const { tills, closed } = await deps.registers.ofStore(storeId, limit);
  return {
    storeId,
    tills: tills.map(sessionView).sort((a, b) => (a.registerId < b.registerId ? -1 : 1)),
    closed: closed.map(sessionView),
  };
}
