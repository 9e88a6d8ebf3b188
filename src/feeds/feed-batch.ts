/** One item version that began at `position`. */
export interface ChangedRow {
  readonly itemId: string;
  readonly position: bigint;
}

/** The changes a feed sends in one step, each item at most once, and the position they reach. */
export interface FeedBatch {
  readonly changes: readonly ChangedRow[];
  readonly upTo: bigint;
}

/**
 * Cuts the rows read after a feed's position into a step a feed can send by comparing two
 * states only, the one at its position and the one at `upTo`: that comparison sees one change
 * per item, so the step ends before an item's second change. (An item recorded and corrected
 * out of the filter in one step would otherwise compare "absent" with "absent" and send
 * nothing, where a client watching live saw it recorded and then removed.) `full` says the read
 * hit its limit, so the last position read may have more rows than were read: the step ends
 * before it unless it is the only position, when the caller reads that position whole.
 */
export function cutFeedBatch(
  rows: readonly ChangedRow[],
  head: bigint,
  full: boolean,
): FeedBatch & { readWhole?: bigint } {
  if (rows.length === 0) return { changes: [], upTo: head };
  const first = rows[0].position;
  const seenAt = new Map<string, bigint>();
  const changes: ChangedRow[] = [];
  for (const row of rows) {
    const earlier = seenAt.get(row.itemId);
    if (earlier === row.position) continue; // two rows of one item at one position: one change
    if (earlier !== undefined) {
      return { changes: changes.filter((c) => c.position < row.position), upTo: row.position - 1n };
    }
    seenAt.set(row.itemId, row.position);
    changes.push(row);
  }
  if (!full) return { changes, upTo: head };
  const last = rows[rows.length - 1].position;
  if (last === first) return { changes, upTo: last, readWhole: last };
  return { changes: changes.filter((c) => c.position < last), upTo: last - 1n };
}
