/**
 * Prints one closing line in the plain form CI reads: `tests: N passed, N failed`.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const line = `tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`;
    process.stdout.write(`\n${line}\n`);
    // CI prints it again as the run's very last line (jest's own summary comes after ours)
    if (process.env.JEST_SUMMARY_FILE) require('node:fs').writeFileSync(process.env.JEST_SUMMARY_FILE, `${line}\n`);
  }
}
module.exports = SummaryReporter;
