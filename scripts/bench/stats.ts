/** Timing helpers for the benchmarks: percentiles of repeated runs, measured in the same process. */
export async function sample(runs: number, fn: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < Math.min(5, runs); i++) await fn(); // warm caches and plans
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b);
}

export function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export const ms = (x: number) => `${x.toFixed(x < 1 ? 3 : 2)} ms`;

export function row(cells: (string | number)[]) {
  console.log('| ' + cells.join(' | ') + ' |');
}
