/**
 * Follows GET /timeline/changes for the page's filters with an EventSource, from the position
 * the page was loaded at, so nothing recorded between the load and the feed is missed. The
 * browser reconnects by itself and sends Last-Event-ID, which the feed resumes from.
 */
export interface LiveChange {
  readonly change: 'recorded' | 'corrected' | 'retracted' | 'removed';
  readonly itemId: string;
  readonly position: string;
  readonly item: unknown;
}

type LiveState = 'live' | 'reconnecting' | 'paused';

const LABELS: Record<LiveState, string> = {
  live: 'Live: new facts appear as they are recorded',
  reconnecting: 'Reconnecting to live updates…',
  paused: 'Live updates paused while showing the past',
};

export class LiveUpdates {
  private source: EventSource | null = null;

  constructor(
    private readonly indicator: HTMLElement,
    private readonly onChange: (change: LiveChange) => void,
  ) {}

  /** `filters`: the /timeline query without asOf; null pauses (the page shows the past). */
  follow(filters: URLSearchParams | null, after: string): void {
    this.source?.close();
    this.source = null;
    if (filters === null) return this.show('paused');
    const query = new URLSearchParams(filters);
    query.set('after', `position:${after}`);
    const source = new EventSource(`/timeline/changes?${query.toString()}`);
    this.source = source;
    this.show('reconnecting');
    source.onopen = () => this.show('live');
    source.onerror = () => this.show('reconnecting');
    source.addEventListener('change', (event) => {
      this.onChange(JSON.parse((event as MessageEvent<string>).data) as LiveChange);
    });
  }

  private show(state: LiveState): void {
    this.indicator.dataset.state = state;
    this.indicator.textContent = LABELS[state];
  }
}
