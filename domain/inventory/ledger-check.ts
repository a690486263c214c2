import { apply, availableOf, isValidLevel, type Levels, type Movement } from './movement.ts';

/**
 * The ledger's invariant, for one (location, product): starting from the initial levels, applying
 * each movement in `seq` order gives the levels the movement recorded, and the last one is the
 * current level. Seqs follow each other with no gap or repeat, and no level breaks 0 ≤ reserved ≤ onHand
 * — except from an `offline-shortfall` on (an offline sale took the stock below 0: domain/inventory/movement.ts).
 *
 * `initial.seq` is the item's sequence number when the initial levels were read (0 for a stock
 * item that never moved); `movements` are those with a greater seq.
 */
export interface LedgerProblem {
  readonly seq: number;
  readonly problem: string;
}

export function checkLedger(
  initial: Levels & { readonly seq: number },
  movements: readonly Movement[],
  current: Levels,
): LedgerProblem[] {
  const problems: LedgerProblem[] = [];
  let levels: Levels = { onHand: initial.onHand, reserved: initial.reserved };
  let seq = initial.seq;
  let shortfall = false;
  for (const m of [...movements].sort((a, b) => a.seq - b.seq)) {
    if (m.seq !== seq + 1) problems.push({ seq: m.seq, problem: `expected seq ${seq + 1}` });
    seq = m.seq;
    levels = apply(levels, m.delta);
    if (m.kind === 'offline-shortfall') shortfall = true;
    if (levels.onHand !== m.onHand || levels.reserved !== m.reserved || availableOf(levels) !== m.available)
      problems.push({
        seq: m.seq,
        problem: `levels ${levels.onHand}/${levels.reserved} computed, ${m.onHand}/${m.reserved} recorded`,
      });
    if (m.kind === 'thresholds' && (m.quantity !== 0 || m.delta.onHand !== 0 || m.delta.reserved !== 0))
      problems.push({ seq: m.seq, problem: 'a thresholds change moves no unit' });
    if (!isValidLevel(levels) && !(shortfall && levels.reserved >= 0))
      problems.push({ seq: m.seq, problem: `invalid level ${levels.onHand}/${levels.reserved}` });
  }
  if (levels.onHand !== current.onHand || levels.reserved !== current.reserved)
    problems.push({
      seq,
      problem: `ledger gives ${levels.onHand}/${levels.reserved}, stock is ${current.onHand}/${current.reserved}`,
    });
  return problems;
}
