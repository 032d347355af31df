import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {deployPlan, emptyCounts, VerifyError, VerifyRun, type VerifyLive} from '../source/engine/index.js';
import {parseVerifyOptions, settingsOf} from '../source/verify/options.js';
import {reportOf} from '../source/verify/report.js';
import {stepRows, type MeasuredStage} from '../source/verify/steps.js';
import {eventually, gone} from './helpers.js';
import {killTerminals, runCli, runInTerminal} from './run-cli.js';

const fixture = (name: string) => path.resolve('test/fixtures/verify', name);
/** The removal trails the signal by 500 ms; the app's idle keep-alive timeout is not checked. */
const fast = ['--lag', '500', '--grace', '3000', '--balancer-idle', '0'];

afterEach(() => {
	killTerminals();
});

function steppedRun(file: string): VerifyRun {
	const options = parseVerifyOptions({lag: '500', grace: '3000', balancerIdle: '0'}, [file], undefined);
	if ('error' in options) throw new Error(options.error);
	return new VerifyRun(settingsOf(options), undefined, true);
}

/** Waits until the run is at this operator's step, waiting for its key. */
async function waitingAt(run: VerifyRun, stage: VerifyLive['waiting']): Promise<VerifyLive> {
	await eventually(() => run.live().waiting === stage, `the run waiting before ${stage}`);
	return run.live();
}

describe.runIf(process.platform === 'linux')('verify, step by step: the engine', () => {
	it("each operator's step waits for its key, the load goes on meanwhile, and the orchestrator's steps keep their own clock", async () => {
		const run = steppedRun(fixture('careful.js'));
		try {
			const done = run.run();
			// Nothing runs before the first key.
			const first = await waitingAt(run, 'old-serving');
			expect(first.instances).toEqual({});
			expect(first.counts.sent).toBe(0);
			expect(run.next()).toBe(true);
			// Once a key has let a step go, a second one before the next wait does nothing.
			expect(run.next()).toBe(false);

			// The old instance serves alone for as long as the learner takes: the load goes on, all of it to the old one.
			await waitingAt(run, 'new-listening');
			await eventually(() => run.live().counts.old >= 30, 'the old instance answering while the run waits');
			const alone = run.live();
			expect(alone.instances.new).toBeUndefined();
			expect(alone.counts.new).toBe(0);
			expect(alone.steps.map(step => step.stage)).toEqual(['old-serving']);
			run.next();

			// Started, not added: the balancer still sends everything to the old instance.
			const started = await waitingAt(run, 'new-added');
			expect(started.instances.new?.state).toBe('listening');
			expect(started.routed).toEqual(['old']);
			const sentThen = started.counts.sent;
			await eventually(() => run.live().counts.sent >= sentThen + 20, 'more requests while the new instance waits to be added');
			expect(run.live().counts.new).toBe(0);
			run.next();

			const added = await waitingAt(run, 'signalled');
			expect(added.routed).toEqual(['old', 'new']);
			run.next();

			// The signal was the last key: the removal, the exit and the end come by themselves.
			const measured = await done;
			expect(measured.steps.map(step => step.stage)).toEqual([
				'old-serving',
				'new-listening',
				'new-added',
				'signalled',
				'removed',
				'old-exited',
			]);
			// The removal trails the signal by the lag (a timer may fire a millisecond early), with no key pressed.
			expect(measured.times.removed! - measured.times.signalled!).toBeGreaterThan(490);
			const report = reportOf(measured);
			expect(report.findings.filter(f => f.severity === 'failure')).toEqual([]);
			expect(report.clean).toBe(true);
			// Every step of the plan happened, none failed: each is marked ✔ from its counts (none is empty here).
			const rows = stepRows(
				report.settings,
				measured.steps.map(step => ({stage: step.stage, atMs: step.startedAt, counts: step.counts})),
				true,
			);
			expect(rows.map(row => row.mark)).toEqual(['✔', '✔', '✔', '✔', '✔', '✔']);
		} finally {
			run.dispose();
		}
	}, 60_000);

	it('left while it waits for a key: the run stops, and the old instance is gone', async () => {
		const run = steppedRun(fixture('careful.js'));
		const done = run.run();
		const outcome = done.then(
			() => 'measured',
			(error: unknown) => error,
		);
		await waitingAt(run, 'old-serving');
		run.next();
		const waiting = await waitingAt(run, 'new-listening');
		const pid = waiting.instances.old!.pid!;
		run.dispose();
		const error = await outcome;
		expect(error).toBeInstanceOf(VerifyError);
		expect((error as VerifyError).message).toBe('the run was stopped');
		await eventually(() => gone(pid), 'the old instance gone');
	}, 30_000);

	it('an old instance that dies while the run waits for the next key ends the run at once, saying so', async () => {
		const folder = mkdtempSync(path.join(os.tmpdir(), 'zdd-steps-'));
		const file = path.join(folder, 'dies.js');
		writeFileSync(
			file,
			"require('node:http').createServer((q, s) => s.end('ok')).listen(3000, () => setTimeout(() => process.exit(3), 1500));\n",
		);
		const run = steppedRun(file);
		try {
			const outcome = run.run().then(
				() => 'measured',
				(error: unknown) => error,
			);
			await waitingAt(run, 'old-serving');
			run.next();
			await waitingAt(run, 'new-listening');
			// No key after this one: the run ends by itself once the old instance has exited.
			const error = await outcome;
			expect(error).toBeInstanceOf(VerifyError);
			expect((error as VerifyError).message).toMatch(/exited .*before the deploy began/);
		} finally {
			run.dispose();
			rmSync(folder, {recursive: true, force: true});
		}
	}, 30_000);
});

describe('verify, step by step: the rows', () => {
	const settings = {signal: 'SIGTERM', lagMs: 1000, graceMs: 10_000, readyPath: null};
	const stage = (name: MeasuredStage['stage'], atMs: number, counts: Partial<MeasuredStage['counts']>): MeasuredStage => {
		const all = {...emptyCounts(), ...counts};
		const sent = all.old + all.new + all.refused + all.reset + all.status5xx + all.timeout + all.other;
		return {stage: name, atMs, counts: {...all, sent}};
	};

	it('follow the plan, then the order things happened; a step is marked from its own counts', () => {
		expect(deployPlan({lagMs: 1000}).map(step => `${step.stage}:${step.by}`)).toEqual([
			'old-serving:operator',
			'new-listening:operator',
			'new-added:operator',
			'signalled:operator',
			'removed:orchestrator',
			'old-exited:orchestrator',
		]);
		// No lag: the operator takes the old instance out before the signal; a readiness path adds the orchestrator's wait.
		expect(deployPlan({lagMs: 0, readyPath: '/healthz'}).map(step => step.stage)).toEqual([
			'old-serving',
			'new-listening',
			'new-ready',
			'new-added',
			'removed',
			'signalled',
			'old-exited',
		]);
		// An app that exits at once: its exit comes before its removal, and the rows say so.
		const measured = [
			stage('old-serving', 0, {old: 100}),
			stage('new-listening', 1000, {}),
			stage('new-added', 1100, {old: 25, new: 25}),
			stage('signalled', 1600, {new: 1, status5xx: 1}),
			stage('old-exited', 1610, {new: 49, status5xx: 50}),
			stage('removed', 2600, {new: 100}),
		];
		const rows = stepRows(settings, measured, true);
		expect(rows.map(row => row.stage)).toEqual(['old-serving', 'new-listening', 'new-added', 'signalled', 'old-exited', 'removed']);
		expect(rows.map(row => row.mark)).toEqual(['✔', '·', '✔', '✖', '✖', '✔']);
		expect(rows[1]!.verdict).toBe('nothing measured: no request was sent in it');
		expect(rows[4]!.verdict).toBe('50 failed, not as in a clean deploy (50 5xx)');
		// While the run goes on: the latest step is under way, the steps not begun are not yet.
		const live = stepRows(settings, measured.slice(0, 3), false);
		expect(live.map(row => row.mark)).toEqual(['✔', '·', '▶', '·', '·', '·']);
		expect(live[3]!.verdict).toBe('not yet');
		// An ended step with requests still under way is not final: a timeout would still count under it.
		const pending = stepRows(settings, [{...measured[0]!, inFlight: 2}, ...measured.slice(1, 3)], false);
		expect(pending[0]).toMatchObject({mark: '▶', verdict: 'ended, 2 of its requests still under way: none failed so far'});
		// Killed at the end of its grace: ✖ even with nothing failed; a step that never came: not a ✔.
		const killed = stepRows(
			settings,
			[...measured.slice(0, 4), stage('removed', 2600, {new: 100}), stage('old-killed', 11_600, {new: 50})],
			true,
		);
		expect(killed.at(-1)).toMatchObject({stage: 'old-exited', mark: '✖', verdict: 'killed: in a clean deploy it exits by itself'});
		// A run over before the signal (a run that could not go on): the steps that never came are not marked ✔.
		const cut = stepRows(settings, measured.slice(0, 3), true);
		expect(cut.slice(3).map(row => `${row.mark} ${row.verdict}`)).toEqual(Array(3).fill('· did not happen in this run'));
	});
});

describe.runIf(process.platform === 'linux')('zdd-learn verify --steps', () => {
	it('without a terminal: the account of each step, the summary and the verdict; exit 1 for an app that exits at once', async () => {
		const {code, stdout} = await runCli(['verify', '--steps', fixture('no-shutdown.js'), ...fast]);
		expect(code).toBe(1);
		for (let k = 1; k <= 6; k++) expect(stdout).toMatch(new RegExp(`^Step ${k}/6 `, 'm'));
		expect(stdout).toMatch(/^Step 1\/6 {2}0 ms {2}Start the old instance and send it the load {2}\(operator\)$/m);
		expect(stdout).toMatch(/^Step \d\/6 .*The balancer lets go of the old instance, 500 ms after the signal {2}\(orchestrator's clock\)$/m);
		// The failures fall in the steps from the signal on, none before.
		const steps = stdout.split(/^(?=Step \d\/6)/m).slice(1);
		const marks = steps.map(block => /^ {2}([✔✖·]) /m.exec(block)?.[1]);
		expect(marks.slice(0, 3)).not.toContain('✖');
		expect(marks.slice(3)).toContain('✖');
		expect(stdout).toMatch(/^✖ Not a clean deploy: \d+ of \d+ requests failed/m);
		// The steps take the place of the stage list; the summary follows them.
		expect(stdout).not.toContain('Stage by stage');
		expect(stdout.indexOf('Step 6/6')).toBeLessThan(stdout.indexOf('✖ Not a clean deploy'));
	}, 60_000);

	it('without a terminal, an app that shuts down well: every step as in a clean deploy, exit 0', async () => {
		const {code, stdout} = await runCli(['verify', '--steps', fixture('careful.js'), ...fast]);
		expect(code).toBe(0);
		const marks = stdout
			.split(/^(?=Step \d\/6)/m)
			.slice(1)
			.map(block => /^ {2}([✔✖·]) /m.exec(block)?.[1]);
		expect(marks).toHaveLength(6);
		expect(marks).not.toContain('✖');
		expect(marks.filter(mark => mark === '✔').length).toBeGreaterThanOrEqual(5);
		expect(stdout).toMatch(/^✔ Clean deploy/m);
	}, 60_000);

	it('--steps with --json or --markdown: one line, exit 2, nothing started', async () => {
		for (const report of ['--json', '--markdown']) {
			const {code, stdout, stderr} = await runCli(['verify', '--steps', report, fixture('careful.js')]);
			expect(code).toBe(2);
			expect(stderr.trim().split('\n')).toHaveLength(1);
			expect(stderr).toContain(`--steps walks through the deploy step by step; ${report} reports a whole run: choose one`);
			if (report === '--markdown') expect(stdout).toBe('');
		}
	});

	it('in a terminal: Enter performs each operator step; the rest come by themselves; then the steps and the findings', async () => {
		const term = runInTerminal(['verify', '--steps', fixture('no-shutdown.js'), ...fast], {columns: 80, rows: 24}, {}, {probe: true});
		try {
			const first = await term.waitFor(
				s => s.includes('Enter performs it on your app. Nothing runs until then.'),
				'the first step waiting',
				20_000,
			);
			expect(first).toMatch(/^▷ 1\. Start the old instance and send it the load +you/m);
			expect(first).toMatch(/^old +· not started/m);
			expect(first).toContain('Enter next step');
			const pids: number[] = [];
			for (const [k, what] of [
				[2, 'Start the new instance'],
				[3, 'Add the new instance to the balancer'],
				[4, 'Send SIGTERM to the old instance'],
			] as const) {
				term.send('\r');
				const waiting = await term.waitFor(s => new RegExp(`^▷ ${k}\\. ${what}`, 'm').test(s), `step ${k} waiting`, 20_000);
				// The step before it is done or under way, with its requests counted.
				expect(waiting).toMatch(new RegExp(`^[✔▶] ${k - 1}\\. .* you +\\d+ sent · 0 failed`, 'm'));
				for (const match of waiting.matchAll(/pid (\d+)/g)) pids.push(Number(match[1]));
			}

			term.send('\r');
			const done = await term.waitFor(s => s.includes('Not a clean deploy'), 'the result', 30_000);
			expect(done).not.toContain('Enter next step');
			// The findings first, then, further down, each step with what it expected and measured.
			term.send('\u001B[F');
			const end = await term.waitFor(s => s.includes('· the end'), 'the last page of the result');
			expect(end).toMatch(/Step 6\/6/);
			expect(end).toMatch(/^ {2}measured: sent \d+ · answered by old \d+ · by new \d+/m);
			term.send('q');
			await term.waitFor(() => term.raw().includes('PROBE-END'), 'the CLI to end', 10_000);
			expect(Number(/EXIT=(\d+)/.exec(term.raw())?.[1])).toBe(1);
			expect(new Set(pids).size).toBe(2);
			for (const pid of pids) await eventually(() => gone(pid), `the app's process ${pid} gone`);
		} finally {
			term.kill();
		}
	}, 90_000);
});
