// `npm test`: every unit and integration suite (vitest). Against real Postgres and Redis when
// DATABASE_URL (the app role), MIGRATION_DATABASE_URL (the owner) and REDIS_URL are set; on PGlite
// and the in-process stand-ins otherwise. Prints the plain total last.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';

const report = '/tmp/renda-vitest.json';
rmSync(report, { force: true });
const mode = process.env.DATABASE_URL ? 'postgres + ' + (process.env.REDIS_URL ? 'redis' : 'in-process redis') : 'embedded (PGlite)';
console.log(`Running unit and integration tests on ${mode}, Node ${process.version}`);
const run = spawnSync('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)], { stdio: 'inherit' });
let passed = 0;
let failed = 0;
try {
  const result = JSON.parse(readFileSync(report, 'utf8')) as { numPassedTests: number; numFailedTests: number; numFailedTestSuites: number; testResults?: { status: string; assertionResults?: { status: string }[] }[] };
  passed = result.numPassedTests;
  // A file that failed without a failing test (it did not load, or a hook threw) counts once;
  // a file with failing tests is already counted by them.
  const broken = (result.testResults ?? []).filter((f) => f.status === 'failed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed')).length;
  failed = result.numFailedTests + broken;
} catch {
  failed = 1;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(run.status === 0 && failed === 0 ? 0 : 1);
