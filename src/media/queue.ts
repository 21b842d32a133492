import { busy, type Refusal } from '../core/refusals.ts';

export interface ImageQueueLimits {
  /** Images decoded and encoded at once. */
  concurrent: number;
  /** Uploads that may wait for a turn; one more is refused as busy. */
  waiting: number;
}

/** Until the first image is done, a guess at how long one takes. */
const firstGuessMs = 2_000;

/**
 * Bounds image processing. A 49-megapixel photo takes 150 to 500 MB while it is processed, so a handful
 * at once would take gigabytes: `concurrent` images are processed at a time, `waiting` more wait their
 * turn (each holds only its upload, at most 20 MB), and any beyond those are refused at once as busy,
 * with a time to try again estimated from how long images have been taking, rather than piling up.
 */
export class ImageQueue {
  #running = 0;
  readonly #waiters: Array<() => void> = [];
  #averageMs = firstGuessMs;

  constructor(readonly limits: ImageQueueLimits) {}

  get running(): number {
    return this.#running;
  }

  get waiting(): number {
    return this.#waiters.length;
  }

  async run<T>(job: () => Promise<T>): Promise<T> {
    await this.#turn();
    const started = performance.now();
    try {
      return await job();
    } finally {
      this.#averageMs = 0.8 * this.#averageMs + 0.2 * (performance.now() - started);
      this.#handOn();
    }
  }

  async #turn(): Promise<void> {
    if (this.#running < this.limits.concurrent) {
      this.#running += 1;
      return;
    }
    if (this.#waiters.length >= this.limits.waiting) throw this.#busy();
    // The slot is handed over by the job that finishes (handOn), so `running` never drops in between.
    await new Promise<void>((resolve) => this.#waiters.push(resolve));
  }

  #handOn(): void {
    const next = this.#waiters.shift();
    if (next) next();
    else this.#running -= 1;
  }

  #busy(): Refusal {
    const queued = this.#running + this.#waiters.length;
    const seconds = Math.min(60, Math.max(1, Math.ceil((this.#averageMs * queued) / Math.max(1, this.limits.concurrent) / 1000)));
    return busy(`The server is busy with other images; nothing was stored. Please send the image again in ${seconds} second${seconds === 1 ? '' : 's'}.`, seconds);
  }
}
