// Events between simulators of one namespace (GIS ES "to activation" → LK FES creates the merchant).
// Simulators never call into each other's state: one emits a topic, the others react to it.
export type EventHandler = (payload: unknown) => void;

export class EventBus {
  private handlers = new Map<string, EventHandler[]>();

  on(topic: string, handler: EventHandler): void {
    const list = this.handlers.get(topic) ?? [];
    list.push(handler);
    this.handlers.set(topic, list);
  }

  /** Delivers synchronously, so that the effect is visible to the caller's next request. */
  emit(topic: string, payload: unknown): void {
    for (const handler of this.handlers.get(topic) ?? []) handler(payload);
  }

  topics(): string[] {
    return [...this.handlers.keys()];
  }
}
