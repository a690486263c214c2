/**
 * The crash switch of the crash property tests (the model: tests/unit/inventory/fulfil-replenishment.test.ts):
 * in-memory ports wrap each call's effect in `step`, and the test makes the n-th call from `crashAt` on
 * die as a Lambda can — before its effect, or after it (`after`: the effect is done, the answer lost).
 */
export class Crash extends Error {}

export function crashSwitch() {
  let calls = 0;
  let failAt = -1;
  let late = false;
  return {
    step: async <T>(effect: () => T): Promise<T> => {
      const n = calls++;
      if (n === failAt && !late) throw new Crash(`crash before call ${n}`);
      const out = effect();
      if (n === failAt && late) throw new Crash(`crash after call ${n}`);
      return out;
    },
    /** The n-th call from now (0: the next one) dies, after its effect when `after`. */
    crashAt: (n: number, after: boolean) => {
      calls = 0;
      failAt = n;
      late = after;
    },
    noCrash: () => {
      failAt = -1;
    },
    /** The calls made since the last `crashAt`. */
    calls: () => calls,
  };
}
