/**
 * How a lower capability lets a higher one react to its changes without importing it (README, Layout):
 * the lower one declares what happened (`articleSaved`) and notifies inside the transaction that made
 * the change; the higher one observes once, when the process composes itself. Observers run one after
 * the other with the writer's transaction handle, so what they keep (the search index) commits or rolls
 * back with the change itself.
 */
export class Observers<Args extends unknown[]> {
  readonly #observers = new Set<(...args: Args) => Promise<void>>();

  /** Adding the same observer again changes nothing: composing twice (two apps in one process) is harmless. */
  observe(observer: (...args: Args) => Promise<void>): void {
    this.#observers.add(observer);
  }

  async notify(...args: Args): Promise<void> {
    for (const observer of this.#observers) await observer(...args);
  }
}
