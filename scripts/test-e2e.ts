// `npm run test:e2e`: browser tests against the built web app (run `npm run build` first).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

if (!existsSync(new URL('../apps/web/build/handler.js', import.meta.url))) {
  console.error('The web app is not built: run `npm run build` first.');
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const report = '/tmp/renda-e2e.json';
rmSync(report, { force: true });
const run = spawnSync('npx', ['vitest', 'run', '--config', 'tests/e2e/vitest.config.ts', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)], { stdio: 'inherit' });
let passed = 0;
let failed = 0;
try {
  const r = JSON.parse(readFileSync(report, 'utf8')) as { numPassedTests: number; numFailedTests: number; numFailedTestSuites: number; testResults?: { status: string; assertionResults?: { status: string }[] }[]; numTotalTests: number };
  passed = r.numPassedTests;
  // A file that failed without a failing test (it did not load, or a hook threw) counts once;
  // a file with failing tests is already counted by them.
  const broken = (r.testResults ?? []).filter((f) => f.status === 'failed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed')).length;
  failed = r.numFailedTests + broken;
  if (r.numTotalTests === 0) failed += 1; // a browser run that ran nothing is a failure
} catch {
  failed = 1;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(run.status === 0 && failed === 0 ? 0 : 1);
