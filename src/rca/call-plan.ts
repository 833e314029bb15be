// Numbers the offline gather's calls by their place in its plan, not by which answer comes back first, so a report
// that cites c12 cites the same call on every run on the same data; the calls themselves still run at once.
//
// A lane is one source's chain of calls. The calls a lane makes together (in one synchronous step, as a
// `Promise.all` over calls does) form one batch; its next batch is the follow-ups it makes once answers are in.
// Ids go out batch by batch: every lane's first batch (lanes in order), then every lane's second batch, and so on.
// A lane's batch is numbered once every earlier lane has made the same batch or finished: its calls are already
// running by then, only their ids wait (the hub announces a call when its id is known).

/** The ids of one lane's calls. */
export interface PlanLane {
  /** The id of a call the lane makes now (settles once its place in the plan is numbered). */
  id(): Promise<string>;
  /** The lane makes no more calls (its chain ended or failed): later lanes' batches need not wait for it. */
  finish(): void;
}

interface Batch {
  give: Array<(id: string) => void>;
  closed: boolean;
}

/** A plan of `lanes` lanes taking its ids from `reserve` (the caller's sequence), in plan order. */
export function callPlan(lanes: number, reserve: (count: number) => string[]): PlanLane[] {
  const batches: Batch[][] = Array.from({ length: lanes }, () => []);
  const finished: boolean[] = Array.from({ length: lanes }, () => false);
  const open: Array<Batch | null> = Array.from({ length: lanes }, () => null);
  // The next place to number: batch `round` of lane `lane`.
  let round = 0;
  let lane = 0;

  const number = () => {
    for (;;) {
      if (lane === lanes) {
        round += 1;
        lane = 0;
        // Everything is numbered once every lane has finished and none made a batch this far.
        if (finished.every(Boolean) && batches.every((b) => b.length <= round)) return;
      }
      const batch = batches[lane]![round];
      if (batch?.closed) {
        const ids = reserve(batch.give.length);
        batch.give.forEach((give, i) => give(ids[i]!));
      } else if (batch || !finished[lane]) {
        return; // this lane may still make (or is making) this batch
      }
      lane += 1;
    }
  };

  const close = (i: number) => {
    const batch = open[i];
    if (!batch) return;
    batch.closed = true;
    open[i] = null;
    number();
  };

  return Array.from({ length: lanes }, (_, i): PlanLane => ({
    id() {
      let batch = open[i];
      if (!batch) {
        batch = { give: [], closed: false };
        open[i] = batch;
        batches[i]!.push(batch);
        // The calls made in this synchronous step are the batch: it closes once the step ends.
        queueMicrotask(() => close(i));
      }
      const b = batch;
      return new Promise<string>((resolve) => b.give.push(resolve));
    },
    finish() {
      finished[i] = true;
      close(i);
      number();
    },
  }));
}
