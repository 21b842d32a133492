/** setTimeout cannot wait longer than this (about 24.8 days); a later moment is reached in steps. */
const longestWaitMs = 2 ** 31 - 1;

/**
 * Calls `onDue` when the next scheduled moment arrives (an article set to appear at 9:00, say), then
 * looks for the one after. `rearm` is called whenever content changes, since a change may add, move or
 * remove the next moment. Each process keeps its own timer, so no process depends on another's clock
 * work; what they do when it fires (drop their own cached pages) is local too.
 */
export class DueTimer {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private generation = 0;
  private stopped = false;

  constructor(
    private readonly nextMoment: () => Promise<string | undefined>,
    private readonly onDue: () => void,
    private readonly onError: (err: unknown) => void = () => {},
  ) {}

  rearm(): void {
    if (this.stopped) return;
    const mine = ++this.generation;
    this.nextMoment().then(
      (moment) => {
        // A later rearm has taken over (changes arrive in bursts); its answer is the fresher one.
        if (mine !== this.generation || this.stopped) return;
        clearTimeout(this.timer);
        this.timer = undefined;
        if (moment === undefined) return;
        const wait = Math.max(0, Date.parse(moment) - Date.now());
        this.timer = setTimeout(
          () => {
            this.timer = undefined;
            if (wait <= longestWaitMs) this.onDue();
            this.rearm();
          },
          Math.min(wait, longestWaitMs),
        );
        this.timer.unref();
      },
      (err: unknown) => this.onError(err),
    );
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }
}
