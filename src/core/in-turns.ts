/** Tasks over a list with a bounded number in flight: for live checks and broker fetches alike. */

/** Runs `task` over `items` with at most `limit` at a time, results in the items' order; the first failure rejects. */
export async function inTurns<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}
