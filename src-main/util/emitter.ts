/** Stops a subscription. */
export type Disposable = () => void;

/**
 * A tiny typed event: `emitter.event(listener)` subscribes (the services expose it as `onDid…`),
 * `fire(value)` notifies. A listener that throws is reported, never breaks the others.
 */
export class Emitter<T> {
  private readonly listeners = new Set<(value: T) => void>();

  constructor(private readonly onListenerError: (error: unknown) => void = () => undefined) {}

  readonly event = (listener: (value: T) => void): Disposable => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  fire(value: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}
