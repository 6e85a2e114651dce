// Prints the closing line of the test command, totalling every suite, and sets the exit code.
// A vitest run that produced no report (it crashed) counts as one failure, never as success.
import { existsSync, readFileSync } from 'node:fs';

const [reportFile, checksPassed, checksFailed, vitestStatus] = process.argv.slice(2);
let passed = Number(checksPassed);
let failed = Number(checksFailed);
let skipped = 0;
if (existsSync(reportFile)) {
  const report = JSON.parse(readFileSync(reportFile, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + (report.numTodoTests ?? 0);
  // Suites that failed to load count as failures even when no test inside them ran.
  failed += report.testResults.filter((suite) => suite.status === 'failed' && suite.assertionResults.length === 0).length;
} else {
  failed += 1;
}
if (Number(vitestStatus) !== 0 && failed === 0) failed += 1;
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exitCode = failed > 0 ? 1 : 0;
