import type { Platform } from '../../apps/api/src/boot.ts';
import { createFlagService } from '../../apps/api/src/modules/flags/flags.service.ts';
import { ms, pct, row, sample } from './stats.ts';

/**
 * Flag resolution per request: warm (the in-process cache every request hits), from Redis (a
 * fresh instance or just after a change elsewhere) and cold (the database), for a township,
 * which resolves along the longest path.
 */
export async function flagBench(platform: Platform) {
  const path = '32.3209.320923.320923100';
  const runs = Number(process.env.BENCH_RUNS ?? 200);
  const warm = await sample(runs * 10, () => platform.deps.flags.resolve(path));
  const fromShared = await sample(runs, async () => {
    const fresh = createFlagService(platform.deps.handle, platform.deps.shared);
    await fresh.start();
    return fresh.resolve(path);
  });
  const cold = await sample(runs, async () => {
    await platform.deps.flags.changed(); // a new version: neither cache has it
    return platform.deps.flags.resolve(path);
  });
  console.log('## Flag resolution per request\n');
  row(['cache', 'p50', 'p95', 'vs. warm (p50)']);
  row(['---', '---:', '---:', '---:']);
  row(['in-process (every request)', ms(pct(warm, 50)), ms(pct(warm, 95)), '1×']);
  row(['Redis (new instance)', ms(pct(fromShared, 50)), ms(pct(fromShared, 95)), `${(pct(fromShared, 50) / pct(warm, 50)).toFixed(0)}×`]);
  row(['database (after a change)', ms(pct(cold, 50)), ms(pct(cold, 95)), `${(pct(cold, 50) / pct(warm, 50)).toFixed(0)}×`]);
  console.log('');
}
