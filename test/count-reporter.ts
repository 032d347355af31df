import type {Reporter, TestModule} from 'vitest/node';

/**
 * Ends the run with the plain closing line CI reads: "N passed, N failed".
 * Errors outside any test (a file that fails to load) count as failures.
 */
export default class CountReporter implements Reporter {
	onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
		let passed = 0;
		let failed = unhandledErrors.length;
		let skipped = 0;
		for (const module of modules) {
			if (module.state() === 'failed' && [...module.children.allTests()].length === 0) failed++;
			for (const test of module.children.allTests()) {
				const state = test.result().state;
				if (state === 'passed') passed++;
				else if (state === 'failed') failed++;
				else skipped++;
			}
		}

		process.stdout.write(`\nTests: ${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}\n`);
	}
}
