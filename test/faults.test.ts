import {describe, expect, it} from 'vitest';
import {failures} from '../source/engine/index.js';
import {conserved, deployments, eventually, gone, tryConnect, until} from './helpers.js';

const deployment = deployments({slowEvery: 0, timeoutMs: 1500, drainDeadlineMs: 1500});

describe('engine faults show as outcomes, and the engine never hangs', () => {
	it('a handler that throws: exactly those requests are answered 500 and counted as 5xx; the rest are served', async () => {
		const run = deployment();
		await run.perform(0, {action: 'start', target: 'old'});
		await until(run, s => s.totals.old >= 10, 'answers from old');
		const result = await run.perform(1, {action: 'inject-error', target: 'old'});
		expect(result.detail).toMatch(/throws on its next 5 requests/);
		await until(run, s => s.steps[1]!.counts.old >= 20, 'answers after the five errors');
		const final = await run.finish();
		expect(final.totals.status5xx).toBe(5);
		// A request sent just before the fault but handled after it is counted under step 1's predecessor.
		expect(final.steps[0]!.counts.status5xx + final.steps[1]!.counts.status5xx).toBe(5);
		expect(final.steps[1]!.counts.status5xx).toBeGreaterThan(0);
		expect(final.totals.old).toBe(final.totals.sent - 5);
		expect(conserved(final) && final.totals.inFlight === 0).toBe(true);
	});

	it('a request that never ends: the client gives up, it counts as a timeout, and finish() still returns', async () => {
		const run = deployment();
		await run.perform(0, {action: 'start', target: 'old'});
		await until(run, s => s.totals.old >= 10, 'answers from old');
		await run.perform(1, {action: 'inject-hang', target: 'old'});
		// The three hung requests are the first three after the fault; answers after them show they went by.
		await until(run, s => s.steps[1]!.counts.old >= 20, 'answers after the hung requests');
		const final = await run.finish();
		// finish() returned with nothing in flight: the hung requests were given up on at their timeout,
		// not abandoned by finish() (which would leave them in flight).
		expect(final.totals.inFlight).toBe(0);
		expect(final.totals.timeout).toBe(3);
		expect(failures(final.totals)).toBe(3);
		expect(conserved(final) && final.totals.inFlight === 0).toBe(true);
		// The hung requests' connections were let go: a drain can end.
		await run.perform(2, {action: 'stop-accepting', target: 'old'});
		const drained = await run.perform(3, {action: 'drain', target: 'old'});
		expect(drained.ok, drained.detail).toBe(true);
	});

	it('a version that crashes mid-deploy: its requests are reset or refused, not lost; a fresh run starts cleanly', async () => {
		const run = deployment({keepAlive: true, slowEvery: 3, slowMinMs: 200, slowMaxMs: 300});
		await run.perform(0, {action: 'start', target: 'old'});
		// Slow requests (1 in 3) open when it crashes: at least one answer and 20 sent, so some are under way.
		await until(run, s => s.totals.old >= 10 && s.totals.inFlight >= 3, 'requests under way on old');
		const result = await run.perform(1, {action: 'crash', target: 'old'});
		expect(result.detail).toMatch(/old crashed: its listener and \d+ connection\(s\) went with it/);
		await until(run, s => s.steps[1]!.counts.refused > 0, 'a request sent after the crash');
		const final = await run.finish();
		expect(final.totals.reset).toBeGreaterThan(0);
		expect(final.totals.refused).toBeGreaterThan(0);
		expect(final.servers.old.state).toBe('stopped');
		expect(conserved(final) && final.totals.inFlight === 0).toBe(true);
		expect(await tryConnect(run.port)).toBe('ECONNREFUSED');

		const again = deployment();
		await again.perform(0, {action: 'start', target: 'old'});
		await until(again, s => s.totals.old >= 10, 'answers from the fresh run');
		const fresh = await again.finish();
		expect(fresh.totals.old).toBeGreaterThan(0);
		expect(failures(fresh.totals)).toBe(0);
	});

	it('a cluster worker killed mid-lesson: resets and refusals, the run ends, and no worker process is left', async () => {
		const run = deployment({keepAlive: true, slowEvery: 3, slowMinMs: 200, slowMaxMs: 300});
		await run.perform(0, {action: 'fork', target: 'old'});
		await until(run, s => s.totals.old >= 10 && s.totals.inFlight >= 3, 'requests under way on the old worker');
		const pid = run.backend('old').pid!;
		expect(gone(pid)).toBe(false);
		await run.perform(1, {action: 'inject-error', target: 'old'});
		// The fault reaches the worker over IPC: a request of step 0 it handles after that can be one of the five.
		await until(run, s => s.totals.status5xx === 5, 'the five errors');
		const result = await run.perform(2, {action: 'crash', target: 'old'});
		expect(result.detail).toMatch(new RegExp(`the old worker \\(pid ${pid}\\) was killed with SIGKILL`));
		expect(gone(pid)).toBe(true);
		await until(run, s => s.steps[2]!.counts.refused > 0, 'a request sent after the crash');
		const final = await run.finish();
		// The worker's handler threw in its own process, and the primary saw the 500s.
		expect(final.totals.status5xx).toBe(5);
		expect(final.totals.reset + final.totals.refused).toBeGreaterThan(0);
		expect(conserved(final) && final.totals.inFlight === 0).toBe(true);

		// A new worker can take the port again: the lesson can go on or restart.
		await run.perform(3, {action: 'fork', target: 'new'});
		const newPid = run.backend('new').pid!;
		run.dispose();
		// SIGKILL is sent at dispose; the process is gone once the kernel has taken it down.
		await eventually(() => gone(newPid), 'the new worker to be gone');
	});
});
