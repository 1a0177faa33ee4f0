/**
 * Hands the event loop to other work: a macrotask (setImmediate on Node, a timer elsewhere), so
 * that requests waiting on I/O and timers are served before long work goes on. Every libSQL call
 * on an embedded file is synchronous, so long work is cut into short pieces with these between.
 */
export const yieldToOthers = (): Promise<void> =>
  new Promise((resolve) => {
    const immediate = (globalThis as { setImmediate?: (f: () => void) => unknown }).setImmediate
    if (immediate) immediate(resolve)
    else setTimeout(resolve, 0)
  })
