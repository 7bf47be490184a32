// `npm test`: builds what the end-to-end suites run, then every Vitest project in one run,
// and ends with one plain line "N passed, N failed, N skipped" summing every suite.
import './check-node.mjs';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureMongoServerJar } from '@gantry/mongo-server';
import { ensureChromium } from './lib/system-deps.mjs';
import { ensurePodman } from './lib/podman.mjs';
import { ensureWorkspaceImages } from './lib/workspace-images.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const step = (message) => console.log(`\n== ${message}`);
const passthrough = process.argv.slice(2);

function run(command, args, options = {}) {
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' },
    ...options,
  });
  return result.status ?? 1;
}

function summary(passed, failed, skipped) {
  console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
  process.exit(failed > 0 ? 1 : 0);
}

step('system dependencies');
try {
  await ensureMongoServerJar();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  summary(0, 1, 0);
}
// Without Chromium the browser suites fail on their own (they never skip); everything else still runs.
try {
  ensureChromium();
} catch (error) {
  console.error(`Chromium could not be installed; the browser suites will fail: ${error instanceof Error ? error.message : error}`);
}
// The workspace suites need a Docker-compatible engine (Podman) and locally built images. Without
// them those suites fail on their own (they never skip); everything else still runs.
try {
  process.env.DOCKER_HOST ??= await ensurePodman();
  ensureWorkspaceImages();
} catch (error) {
  console.error(`workspace engine setup failed; the workspace suites will fail: ${error instanceof Error ? error.message : error}`);
}

step('build (api, web and the libraries they use)');
if (run(bin('nx'), ['run-many', '-t', 'build', '--outputStyle=static']) !== 0) {
  console.error('build failed; no tests were run');
  summary(0, 1, 0);
}

step('tests');
const results = path.join(root, 'test-results', 'vitest.json');
mkdirSync(path.dirname(results), { recursive: true });
rmSync(results, { force: true });
const status = run(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${results}`, ...passthrough]);

if (!existsSync(results)) {
  console.error(`vitest exited with ${status} without writing ${results}`);
  summary(0, 1, 0);
}
const report = JSON.parse(readFileSync(results, 'utf8'));
// A file that fails to load or whose hooks fail runs no tests; count it as a failure so it cannot hide.
const brokenFiles = report.testResults.filter((file) => file.status === 'failed' && file.assertionResults.every((test) => test.status !== 'failed')).length;
const failed = report.numFailedTests + brokenFiles + (status !== 0 && report.numFailedTests + brokenFiles === 0 ? 1 : 0);
// Only the end of a long log is often seen: repeat which tests failed, with their first line, there.
const failures = report.testResults.flatMap((file) => {
  const where = path.relative(root, file.name);
  const tests = file.assertionResults.filter((test) => test.status === 'failed');
  if (tests.length === 0 && file.status === 'failed') return [`${where}: ${String(file.message ?? 'failed to run').split('\n')[0]}`];
  return tests.map((test) => `${where} > ${test.fullName}: ${String(test.failureMessages?.[0] ?? '').split('\n')[0]}`);
});
if (failures.length > 0) {
  console.log(`\n== failed (${failures.length})`);
  for (const line of failures.slice(0, 40)) console.log(`- ${line.replace(/\x1b\[[0-9;]*m/g, '').slice(0, 300)}`);
  if (failures.length > 40) console.log(`- … and ${failures.length - 40} more (test-results/vitest.json)`);
}
summary(report.numPassedTests, failed, report.numPendingTests + report.numTodoTests);
