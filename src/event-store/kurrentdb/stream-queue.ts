/**
 * Runs the appends to one stream one after another, in the order they were called. Each append
 * reads the stream head, chains its hashes to it and writes at that exact revision; run
 * concurrently, their reads race, so a later `any` append can take the revision an earlier
 * `no-stream` append was called for and make it fail as a concurrency error. Queued, the first
 * caller writes first, as with one SQLite writer. Appends to different streams stay concurrent.
 */
export class StreamQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(stream: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(stream) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(stream, tail);
    // Forget the stream once nothing is queued behind this task, so the map does not grow.
    void tail.then(() => {
      if (this.tails.get(stream) === tail) this.tails.delete(stream);
    });
    return result;
  }
}
