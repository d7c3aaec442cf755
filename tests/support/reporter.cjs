// mocha's dot reporter, plus the plain closing line `N passed, N failed` that CI systems
// read (mocha's own "N passing" is not one of the forms they recognise).
const { reporters, Runner } = require("mocha");

class DotWithTotals extends reporters.Dot {
  /**
   * @param {import("mocha").Runner} runner
   * @param {import("mocha").MochaOptions} options
   */
  constructor(runner, options) {
    super(runner, options);
    runner.once(Runner.constants.EVENT_RUN_END, () => {
      const { passes, failures, pending } = this.stats;
      process.stdout.write(`${passes} passed, ${failures} failed${pending ? `, ${pending} skipped` : ""}\n`);
    });
  }
}

module.exports = DotWithTotals;
