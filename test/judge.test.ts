import {describe, expect, it} from 'vitest';
import {emptyCounts, type Counts, type Schedule} from '../source/engine/index.js';
import {judgeRun} from '../source/lessons/judge.js';
import {deployments, until} from './helpers.js';

const onTime: Schedule = {lateP99Ms: 5, lateMaxMs: 12, loopDelayP99Ms: 8, loopDelayMaxMs: 15, slowConnects: 0, behind: false};
const late: Schedule = {lateP99Ms: 600, lateMaxMs: 840, loopDelayP99Ms: 700, loopDelayMaxMs: 900, slowConnects: 0, behind: true};
const counts = (partial: Partial<Counts>): Counts => {
	const c = {...emptyCounts(), ...partial};
	c.sent = c.old + c.new + c.refused + c.reset + c.timeout + c.status5xx + c.other;
	return c;
};

describe('the judge: the headline is the measurement, the claim stands beside it', () => {
	it('a zero claim with failures: ✖ from the counts, and the claim is said to have failed', () => {
		const j = judgeRun(counts({old: 300, new: 201, refused: 193}), onTime, {zeroDowntime: true, text: 'Drops none.'}, 100);
		expect(j.headline).toBe('✖ Not zero-downtime in this run: 193 of 694 requests failed (193 refused)');
		expect(j.claimLine).toBe('The lesson says: Drops none. · this run disagrees');
		expect(j.agreement).toBe('disagrees');
		expect(j.why).toBe('The claim failed in this run: 193 refused, of 694 requests.');
		expect(j.why).not.toContain('--rate');
	});

	it('a failure claim with none measured: ✔ from the counts; a light load is the likely cause', () => {
		const j = judgeRun(counts({old: 1000, new: 204}), onTime, {zeroDowntime: false}, 100);
		expect(j.headline).toBe('✔ Zero-downtime in this run: 0 of 1,204 requests failed');
		expect(j.agreement).toBe('disagrees');
		expect(j.why).toContain('higher --rate');
	});

	it('a run that fell behind: a claim its timeouts would settle is undecided, and the machine is named', () => {
		const zero = judgeRun(counts({old: 500, new: 400, timeout: 40}), late, {zeroDowntime: true}, 1000);
		expect(zero.agreement).toBe('undecided');
		expect(zero.headline.startsWith('✖')).toBe(true);
		expect(zero.machine).toBe(
			'⚠ This machine could not keep 1,000 requests/s (sends up to 840 ms late): timeouts here say more about the machine than about the deploy.',
		);
		const drops = judgeRun(counts({old: 500, new: 400, timeout: 40}), late, {zeroDowntime: false}, 1000);
		expect(drops.agreement).toBe('undecided');
		// Refusals are not the machine's doing: they still settle a claim.
		expect(judgeRun(counts({old: 500, refused: 3, timeout: 40}), late, {zeroDowntime: true}, 1000).agreement).toBe('disagrees');
		expect(judgeRun(counts({old: 500, refused: 3, timeout: 40}), onTime, {zeroDowntime: false}, 1000).machine).toBeUndefined();
	});
});

const deployment = deployments({slowEvery: 0});

describe('the engine knows when the load fell behind', () => {
	it('a process too busy to send on time (blocked on purpose) is marked behind; an idle one is not', async () => {
		const run = deployment({rate: 200});
		await run.perform(0, {action: 'start', target: 'old'});
		await until(run, s => s.totals.sent >= 200, '200 requests sent');
		expect(run.snapshot().schedule.behind, JSON.stringify(run.snapshot().schedule)).toBe(false);
		// Overload: the event loop is held for 1.2 s, so every send due meanwhile goes out late at once.
		const blockedUntil = performance.now() + 1200;
		while (performance.now() < blockedUntil) {
			// Busy on purpose.
		}

		const after = await until(run, s => s.totals.old >= 500, 'answers after the stall');
		expect(after.schedule.behind).toBe(true);
		expect(after.schedule.lateMaxMs).toBeGreaterThanOrEqual(1000);
		const final = await run.finish();
		// The stall can also keep a connection waiting a second to open, which the line then says too (measured, not an error).
		expect(judgeRun(final.totals, final.schedule, {zeroDowntime: true}, 200).machine).toMatch(
			/^⚠ This machine could not keep 200 requests\/s \(sends up to [\d.]+ s late(; \d+ connection\(s\) took a second or more to open)?\)/,
		);
	});
});
