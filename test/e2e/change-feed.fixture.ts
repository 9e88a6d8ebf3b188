/** A Server-Sent Events client over fetch, for the change-feed tests (what EventSource does). */
export interface SseEvent {
  readonly id: string | null;
  readonly event: string;
  readonly data: string;
}

export interface OpenFeed {
  readonly status: number;
  readonly headers: Headers;
  readonly events: SseEvent[];
  /** Resolves once `predicate` holds for the events received so far (rejects after `ms`). */
  until(predicate: (events: readonly SseEvent[]) => boolean, ms?: number): Promise<void>;
  close(): void;
  /** The body of a refused request (not a stream). */
  readonly body?: unknown;
}

export async function openFeed(
  url: string,
  headers: Record<string, string> = {},
): Promise<OpenFeed> {
  const controller = new AbortController();
  const response = await fetch(url, { headers, signal: controller.signal });
  const events: SseEvent[] = [];
  const waiters = new Set<() => void>();
  if (!response.headers.get('content-type')?.startsWith('text/event-stream')) {
    const body = await response.json().catch(() => undefined);
    return {
      status: response.status,
      headers: response.headers,
      events,
      body,
      until: () => Promise.reject(new Error('not a stream')),
      close: () => controller.abort(),
    };
  }
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields = block.split('\n').filter((line) => !line.startsWith(':'));
          if (fields.length === 0) continue;
          const get = (name: string) =>
            fields.filter((l) => l.startsWith(`${name}: `)).map((l) => l.slice(name.length + 2));
          if (get('data').length === 0) continue;
          events.push({
            id: get('id')[0] ?? null,
            event: get('event')[0] ?? 'message',
            data: get('data').join('\n'),
          });
          for (const wake of waiters) wake();
        }
      }
    } catch {
      // aborted
    }
  })();
  return {
    status: response.status,
    headers: response.headers,
    events,
    until(predicate, ms = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!predicate(events)) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`feed: condition not met after ${ms} ms (${events.length} events)`));
        }, ms);
        waiters.add(check);
        check();
      });
    },
    close: () => controller.abort(),
  };
}

export const changesOf = (events: readonly SseEvent[]) =>
  events
    .filter((e) => e.event === 'change')
    .map((e) => ({
      id: e.id,
      ...(JSON.parse(e.data) as { change: string; itemId: string; position: string }),
    }));
