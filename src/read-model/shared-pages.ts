import type { EventStore, ReadAllOptions, RecordedEvent } from '../event-store/event-store.port';

/** What a projection runner needs from the store. */
export type EventSource = Pick<EventStore, 'readAll' | 'subscribe'>;

/**
 * Lets projections that catch up together read each page of the log once: they ask for the same
 * (after, limit) pages in turn, so the last few full pages are kept. Partial pages (the head of
 * the log) are never reused, because later reads may find more events there.
 */
export class SharedPages implements EventSource {
  private readonly pages = new Map<string, Promise<RecordedEvent[]>>();

  constructor(
    private readonly store: EventStore,
    private readonly keep = 2,
  ) {}

  readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const key = `${options.after ?? 0n}:${options.limit ?? ''}`;
    const cached = this.pages.get(key);
    if (cached) return cached;
    const page = this.store.readAll(options);
    this.pages.set(key, page);
    if (this.pages.size > this.keep) this.pages.delete(this.pages.keys().next().value!);
    const forget = () => {
      if (this.pages.get(key) === page) this.pages.delete(key);
    };
    page.then((events) => {
      if (options.limit === undefined || events.length < options.limit) forget();
    }, forget);
    return page;
  }

  subscribe(options?: { readonly after?: bigint }): ReturnType<EventStore['subscribe']> {
    return this.store.subscribe(options);
  }
}
