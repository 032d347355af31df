import {defineConfig} from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/**/*.test.{ts,tsx}'],
		testTimeout: 30_000,
		hookTimeout: 30_000,
		// Engine tests measure real sockets: keep them off each other's CPU.
		fileParallelism: false,
		reporters: ['default', './test/count-reporter.ts'],
	},
});
