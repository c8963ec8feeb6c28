export interface ReorderWindowConfig {
  /** release as soon as this many deliveries wait */
  size: number;
  /** …or this long after the first one arrived */
  maxWaitMs: number;
}

/**
 * Holds deliveries and releases them in shuffled order, so e.g. `orders/updated` can reach the
 * connector before `orders/create` (reference §1.5). `release` gets each item with its arrival index.
 */
export function createReorderWindow<T>(deps: {
  shuffle: (items: { item: T; arrival: number }[]) => { item: T; arrival: number }[];
  release: (batch: { item: T; arrival: number }[]) => void;
}) {
  let waiting: { item: T; arrival: number }[] = [];
  let timer: NodeJS.Timeout | null = null;

  return { hold, flush, size: () => waiting.length };

  function hold(item: T, config: ReorderWindowConfig) {
    waiting.push({ item, arrival: waiting.length });
    if (waiting.length >= Math.max(1, config.size)) return flush();
    timer ??= setTimeout(flush, config.maxWaitMs);
  }

  function flush(): void {
    if (timer) clearTimeout(timer);
    timer = null;
    const batch = waiting;
    waiting = [];
    if (batch.length > 0) deps.release(deps.shuffle(batch));
  }
}
