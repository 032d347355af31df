import {spawn} from 'node:child_process';
import {cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync} from 'node:fs';
import {rm, writeFile} from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {VerifyRun} from '../source/engine/index.js';
import {parseVerifyOptions, settingsOf} from '../source/verify/options.js';
import type {VerifyReport} from '../source/verify/report.js';
import type {RunsSummary} from '../source/verify/runs.js';
import {eventually, shExecsItsCommand} from './helpers.js';
import {runCli, runInTerminal} from './run-cli.js';

/**
 * The fixtures, copied for this file alone: the processes an app leaves are found by the copy's path,
 * so another test file running an app at the same time is never counted. The copy has no
 * node_modules: its require('express') gets the Express zdd-learn ships.
 */
const originals = path.resolve('test/fixtures/verify');
const fixtures = mkdtempSync(path.join(os.tmpdir(), 'zdd-verify-fixtures-'));
cpSync(originals, fixtures, {recursive: true});
const fixture = (name: string) => path.join(fixtures, name);
/**
 * The fixtures that need this repository's node_modules: terminus, Fastify, and an ES module's
 * import of Express (the Express zdd-learn ships serves require() only).
 */
const original = (name: string) => path.join(originals, name);
const preload = path.resolve('dist/app-preload.cjs');
/**
 * Short enough for a suite, long enough for the shapes under test: the removal trails the signal by 500 ms,
 * and the app's idle keep-alive timeout is not checked (it waits for Node's 5 s; tested on its own).
 */
const fast = ['--lag', '500', '--grace', '3000', '--balancer-idle', '0'];

/** Every live process of an app under test: it runs in the fixtures' folder, or names a fixture (npm start, and what it starts). */
function fixtureProcesses(): string[] {
	const found: string[] = [];
	for (const pid of readdirSync('/proc').filter(name => /^\d+$/.test(name))) {
		try {
			const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
			if (command.includes(fixtures) || readlinkSync(`/proc/${pid}/cwd`) === fixtures) found.push(`${pid}: ${command}`);
		} catch {
			// Gone while we looked.
		}
	}

	return found;
}

async function verify(
	args: string[],
	cwd?: string,
	env?: Record<string, string>,
): Promise<{code: number | null; report: VerifyReport; stderr: string}> {
	const {code, stdout, stderr} = await runCli(['verify', '--json', ...args], {...(cwd ? {cwd} : {}), ...(env ? {env} : {})});
	let report: VerifyReport;
	try {
		report = JSON.parse(stdout) as VerifyReport;
	} catch {
		throw new Error(`not one JSON document (exit ${code}):\n${stdout}\n${stderr}`);
	}

	// A run that could not be verified says why: the test's failure should too.
	if ('error' in report) throw new Error(`no report (exit ${code}): ${String(report.error)}\n${stderr}`);
	return {code, report, stderr};
}

function expectAccounted(report: VerifyReport): void {
	const o = report.outcomes;
	expect(o.old + o.new + o.refused + o.reset + o.timeout + o.status5xx + o.other).toBe(report.sent);
	// Every failed request is explained by exactly one finding.
	expect(report.findings.reduce((sum, f) => sum + f.requests, 0)).toBe(report.sent - o.old - o.new);
	expect(Object.values(report.statuses).reduce((sum, n) => sum + n, 0)).toBeLessThanOrEqual(report.sent);
	expect(report.sent).toBeGreaterThan(0);
	expect(o.old, 'the old instance served before the deploy').toBeGreaterThan(0);
	expect(o.new, 'the new instance served after it').toBeGreaterThan(0);
	// Stage by stage, from the old instance serving alone through the signal; the stages' counts add up to
	// the whole run's, outcome by outcome.
	const stages = report.steps.map(step => step.stage);
	expect(stages[0]).toBe('old-serving');
	expect(stages).toContain('new-added');
	expect(stages).toContain('signalled');
	expect(report.steps.reduce((sum, step) => sum + step.sent, 0)).toBe(report.sent);
	for (const outcome of Object.keys(o) as Array<keyof typeof o>) {
		expect(
			report.steps.reduce((sum, step) => sum + step.outcomes[outcome], 0),
			outcome,
		).toBe(o[outcome]);
	}

	expect(report.steps.reduce((sum, step) => sum + step.failed, 0)).toBe(report.sent - o.old - o.new);
}

describe.runIf(process.platform === 'linux')('zdd-learn verify on real apps', () => {
	it.each([1, 2])('an app with no shutdown code exits at once: 502s while the balancer still sends to it, exit 1 (run %i)', async () => {
		const {code, report} = await verify([fixture('no-shutdown.js'), ...fast]);
		expectAccounted(report);
		expect(code).toBe(1);
		expect(report.clean).toBe(false);
		expect(report.zeroDowntime).toBe(false);
		expect(report.old.killed).toBe(false);
		expect(report.old.exitSignal).toBe('SIGTERM');
		const exited = report.findings.find(f => f.id === 'exited-while-routed');
		expect(exited?.lesson).toBe('kubernetes-rolling-update');
		expect(report.outcomes.status5xx).toBeGreaterThan(0);
		// Its 502s begin with its signal: nothing failed in a stage before it, and something did from it on.
		const signalled = report.steps.findIndex(step => step.stage === 'signalled');
		expect(report.steps.slice(0, signalled).reduce((sum, step) => sum + step.failed, 0)).toBe(0);
		expect(report.steps.slice(signalled).reduce((sum, step) => sum + step.failed, 0)).toBeGreaterThan(0);
		expect(fixtureProcesses()).toEqual([]);
	});

	it.each([1, 2])(
		'a careful app (hard-coded port 3000, two copies side by side) drops nothing, keep-alive on, exit 0 (run %i)',
		async () => {
			const {code, report} = await verify([fixture('careful.js'), ...fast, '--keep-alive']);
			expectAccounted(report);
			expect(report.findings).toEqual([]);
			expect(report.zeroDowntime).toBe(true);
			expect(report.clean).toBe(true);
			expect(code).toBe(0);
			expect(report.old.exitCode).toBe(0);
			expect(report.measured).toMatchObject({askedPort: 3000, by: 'answered-well', status: 200});
			expect(report.otherListens).toEqual([]);
			expect(fixtureProcesses()).toEqual([]);
		},
	);

	it("Node's default keep-alive timeout lets an idle connection go before a 60 s balancer does: found, though the deploy drops nothing", async () => {
		const {code, report} = await verify([fixture('careful.js'), '--lag', '500', '--grace', '3000']);
		expectAccounted(report);
		expect(report.zeroDowntime).toBe(true);
		expect(code).toBe(0);
		expect(report.settings.balancerIdleMs).toBe(60_000);
		expect(report.idleKeepAlive?.announcedMs).toBe(5000);
		// Node's timer starts as the answer leaves the app, a moment before the client has it all.
		expect(report.idleKeepAlive?.closedAfterMs).toBeGreaterThan(4000);
		expect(report.idleKeepAlive?.closedAfterMs).toBeLessThan(60_000);
		expect(report.findings.map(f => f.id)).toEqual(['idle-timeout-below-balancer']);
		expect(report.findings[0]?.lesson).toBe('blue-green-proxy');
		expect(fixtureProcesses()).toEqual([]);
	});

	it("an app whose keep-alive timeout (65 s) outlasts the balancer's 60 s is not waited for, and nothing is found", async () => {
		const {code, report} = await verify([fixture('careful.js'), '--lag', '500', '--grace', '3000'], undefined, {
			KEEP_ALIVE_TIMEOUT_MS: '65000',
		});
		expectAccounted(report);
		expect(code).toBe(0);
		expect(report.idleKeepAlive).toEqual({announcedMs: 65_000, closedAfterMs: null, keptAlive: true});
		expect(report.findings).toEqual([]);
	});

	it('an app that swallows SIGTERM is killed after the grace: not clean, exit 1, though no request failed', async () => {
		const {code, report} = await verify([fixture('swallows-sigterm.js'), '--lag', '300', '--grace', '1500', '--balancer-idle', '0']);
		expectAccounted(report);
		expect(report.old.killed).toBe(true);
		expect(code).toBe(1);
		expect(report.clean).toBe(false);
		const killed = report.findings.find(f => f.id === 'killed-after-grace');
		expect(killed?.severity).toBe('failure');
		expect(killed?.text).toMatch(/it never called close\(\) on its server/);
		expect(fixtureProcesses()).toEqual([]);
	});

	it('an ES module app that listens on 0.0.0.0:8080 runs on loopback, and drains: exit 0', async () => {
		const {code, report} = await verify([original('esm-app.mjs'), ...fast]);
		expectAccounted(report);
		expect(report.findings).toEqual([]);
		expect(code).toBe(0);
	});

	it('an app whose shutdown is @godaddy/terminus (a pause, then its close), with a readiness path: drops nothing', async () => {
		const {code, report} = await verify([original('terminus-app.js'), ...fast, '--ready', '/healthz']);
		expectAccounted(report);
		expect(report.findings).toEqual([]);
		expect(code).toBe(0);
	});

	it('Fastify with no shutdown code: its listen() is redirected the same way, and its abrupt exit measured', async () => {
		const {code, report} = await verify([original('fastify-app.js'), ...fast]);
		expectAccounted(report);
		expect(code).toBe(1);
		expect(report.findings.map(f => f.id)).toContain('exited-while-routed');
	});

	it('an app that forks its own cluster: the workers listen through its primary, on the redirected port; its abrupt exit is found', async () => {
		const {code, report} = await verify([fixture('cluster-app.js'), ...fast]);
		expectAccounted(report);
		expect(code).toBe(1);
		expect(report.findings.map(f => f.id)).toContain('exited-while-routed');
		await eventually(() => fixtureProcesses().length === 0, 'no process of the app left', 5000);
	});

	it('a plain http server (no Express) verifies the same way', async () => {
		const {code, report} = await verify([fixture('plain-http.js'), ...fast]);
		expectAccounted(report);
		expect(code).toBe(1);
		expect(report.findings.map(f => f.id)).toContain('exited-while-routed');
	});

	it("npm start: this machine's sh decides whether the SIGTERM reaches the app, and the finding is the one it decides", async () => {
		const {code, report} = await verify(['--lag', '300', '--grace', '1500', '--balancer-idle', '0', '--', 'npm', 'start'], fixtures);
		expectAccounted(report);
		// Where the SIGTERM goes is this machine's sh: one that execs its single command hands it to the app, which ends
		// at once (502s while still routed); one that does not takes it alone, and the app serves on until the kill.
		const ids = report.findings.map(f => f.id);
		if (shExecsItsCommand()) {
			expect(ids, ids.join(', ')).toContain('exited-while-routed');
			expect(ids).not.toContain('signal-not-passed-on');
		} else {
			expect(ids, ids.join(', ')).toContain('signal-not-passed-on');
			expect(report.old.killed).toBe(true);
		}

		// Either way the deploy was not clean, and the exit code says so.
		expect(code).toBe(1);
		expect(report.clean).toBe(false);
		await eventually(() => fixtureProcesses().length === 0, 'no process of the app left', 5000);
	});

	it('--signal SIGINT (as PM2 ends a process): an app that drains on SIGINT is clean, exit 0; sent SIGTERM, it dies at once, exit 1', async () => {
		// The same app, with its handler on SIGINT only: SIGTERM keeps Node's default, which ends the process.
		const drains = await verify([fixture('careful.js'), '--signal', 'SIGINT', ...fast], undefined, {
			SHUTDOWN_SIGNAL: 'SIGINT',
			SHUTDOWN_DELAY_MS: '700',
		});
		expectAccounted(drains.report);
		expect(drains.report.settings.signal).toBe('SIGINT');
		expect(drains.report.old).toMatchObject({signal: 'SIGINT', exitCode: 0, killed: false});
		expect(drains.report.findings.filter(f => f.severity === 'failure')).toEqual([]);
		expect(drains.report.clean).toBe(true);
		expect(drains.code).toBe(0);
		const dies = await verify([fixture('careful.js'), ...fast], undefined, {SHUTDOWN_SIGNAL: 'SIGINT'});
		expectAccounted(dies.report);
		expect(dies.report.old).toMatchObject({signal: 'SIGTERM', exitSignal: 'SIGTERM'});
		expect(dies.report.findings.map(f => f.id)).toContain('exited-while-routed');
		expect(dies.code).toBe(1);
		await eventually(() => fixtureProcesses().length === 0, 'no process of the app left', 5000);
	});

	it('--lag 0: the balancer lets go at the signal, so an app that exits at once is never sent to after it exits', async () => {
		const {code, report} = await verify([fixture('no-shutdown.js'), '--lag', '0', '--grace', '3000', '--balancer-idle', '0']);
		expectAccounted(report);
		expect(report.settings.lagMs).toBe(0);
		// What the lag costs (502s from an instance gone while still routed) is gone with it; a request cut in flight may remain.
		expect(report.findings.map(f => f.id)).not.toContain('exited-while-routed');
		expect(code).toBe(report.clean ? 0 : 1);
		await eventually(() => fixtureProcesses().length === 0, 'no process of the app left', 5000);
	});

	it('a syntax error: one line, the app’s own last lines, exit 2, nothing left', async () => {
		const {code, stdout, stderr} = await runCli(['verify', fixture('syntax-error.js')]);
		expect(code).toBe(2);
		expect(stderr).toMatch(/^zdd-learn: cannot verify: the old instance exited with code 1 before it listened\n/);
		expect(stderr).toContain('SyntaxError');
		expect(stdout).not.toContain('served by');
		expect(fixtureProcesses()).toEqual([]);
	});

	it('an app that never listens: one line after --start-timeout, exit 2, nothing left', async () => {
		const {code, stderr} = await runCli(['verify', fixture('never-listens.js'), '--start-timeout', '1000']);
		expect(code).toBe(2);
		expect(stderr).toMatch(
			/^zdd-learn: cannot verify: the old instance never listened within 1000 ms \(it is still running, with no port: .*; --start-timeout gives it longer\)/,
		);
		expect(stderr).toContain('no listen() anywhere');
		expect(fixtureProcesses()).toEqual([]);
	});

	it.each([
		[['verify'], /^zdd-learn: verify needs the app/],
		[['verify', 'nope.js'], /^zdd-learn: no such file: nope\.js/],
		[['verify', 'test'], /^zdd-learn: test is a directory/],
		[['verify', fixture('careful.js'), '--signal', 'NOPE'], /^zdd-learn: --signal expects one of/],
		[['verify', fixture('careful.js'), '--lesson', 'x'], /^zdd-learn: --lesson does not belong to "zdd-learn verify"/],
		[['verify', '--', 'no-such-command-zdd'], /^zdd-learn: cannot verify: could not start no-such-command-zdd: ENOENT/],
		[['verify', fixture('careful.js'), '--keep-alive=yes'], /^zdd-learn: --keep-alive is a switch: give it alone/],
		[
			['verify', '--rate', 'test/fixtures/verify/careful.js'],
			/^zdd-learn: --rate takes a number \(requests per second\), got "test\/fixtures\/verify\/careful\.js"\n/,
		],
		[
			['verify', '--ready', 'test/fixtures/verify/careful.js'],
			/^zdd-learn: --ready expects a path that starts with \/, got "test\/fixtures\/verify\/careful\.js"\n/,
		],
		[['verify', fixture('careful.js'), '--app-port', 'x'], /^zdd-learn: --app-port takes a number/],
		[['verify', fixture('careful.js'), '--path', 'reports'], /^zdd-learn: --path expects a path that starts with \/, got "reports"/],
		[
			['verify', fixture('careful.js'), '--path', '/reports:0'],
			/^zdd-learn: --path \/reports:0: its weight, after the colon, is a whole number from 1 to 999, got "0"/,
		],
		[['verify', fixture('careful.js'), '--path', '/a:1000'], /^zdd-learn: --path \/a:1000: its weight, after the colon, is a whole number/],
		[['verify', fixture('careful.js'), '--path', '/a b'], /^zdd-learn: --path \/a b: a path holds printable ASCII and no space/],
		[['verify', fixture('careful.js'), '--header', 'X-A: €'], /^zdd-learn: --header X-A: a header's value holds printable ASCII only/],
		[['verify', fixture('careful.js'), '--path', '/a', '--path', '/a:2'], /^zdd-learn: --path \/a is given twice/],
		[['verify', fixture('careful.js'), '--body', '@no-such-body.json'], /^zdd-learn: --body @no-such-body\.json: no such file/],
		[['verify', fixture('careful.js'), '--header', 'no colon'], /^zdd-learn: --header expects "Name: value", got "no colon"/],
		[['verify', fixture('careful.js'), '--header', 'Host: x'], /^zdd-learn: --header Host: the load sets that header itself/],
		[['verify', fixture('careful.js'), '--method', 'FETCH'], /^zdd-learn: --method expects one of GET, HEAD, POST/],
		[['verify', fixture('careful.js'), '--runs', '0'], /^zdd-learn: --runs expects deploys from 1 to 100, got "0"/],
		[
			['verify', fixture('careful.js'), '--runs', '2', '--steps'],
			/^zdd-learn: --steps walks through one deploy; --runs repeats whole ones: choose one/,
		],
	])('bad input %j: one line, exit 2', async (args, message) => {
		const {code, stderr} = await runCli(args);
		expect(code).toBe(2);
		expect(stderr).toMatch(message);
		expect(stderr.trim().split('\n')).toHaveLength(1);
	});

	it('--path with weights: the load spreads over the routes; the slow one is cut in flight when the app exits without draining, and per path says so', async () => {
		const {code, report} = await verify([fixture('slow-route.js'), '--path', '/:3', '--path', '/reports:1', ...fast]);
		expectAccounted(report);
		expect(code).toBe(1);
		expect(report.settings.paths).toEqual([
			{path: '/', weight: 3},
			{path: '/reports', weight: 1},
		]);
		const fastRoute = report.byPath['/']!;
		const slowRoute = report.byPath['/reports']!;
		// About three of / for one of /reports (drawn by weight, seeded), on the same schedule.
		expect(fastRoute.sent + slowRoute.sent).toBe(report.sent);
		expect(slowRoute.sent / report.sent).toBeGreaterThan(0.15);
		expect(slowRoute.sent / report.sent).toBeLessThan(0.35);
		for (const outcome of ['old', 'new', 'refused', 'reset', 'status5xx', 'timeout', 'other'] as const) {
			expect(fastRoute.outcomes[outcome] + slowRoute.outcomes[outcome]).toBe(report.outcomes[outcome]);
		}

		// Its exit cut the slow requests it held (502s behind the balancer), as the finding says.
		expect(slowRoute.outcomes.status5xx).toBeGreaterThan(0);
		expect(report.findings.map(f => f.id)).toContain('cut-in-flight');
		// The same app, draining on its close(): nothing on either path fails.
		const drained = await verify([fixture('slow-route.js'), '--path', '/:3', '--path', '/reports:1', ...fast], undefined, {DRAIN: '1'});
		expect(drained.code).toBe(0);
		expect(drained.report.byPath['/reports']!.outcomes.new + drained.report.byPath['/reports']!.outcomes.old).toBe(
			drained.report.byPath['/reports']!.sent,
		);
	});

	it('--runs 2 --duration 1500: two deploys on fresh instances, each a document of its own, the summary their sums; the worst decides the exit code', async () => {
		const {code, stdout} = await runCli([
			'verify',
			'--json',
			'--runs',
			'2',
			'--duration',
			'1500',
			fixture('slow-route.js'),
			'--path',
			'/:3',
			'--path',
			'/reports:1',
			...fast,
		]);
		const document = JSON.parse(stdout) as {clean: boolean; summary: RunsSummary; runs: VerifyReport[]};
		expect(document.runs).toHaveLength(2);
		const logs = new Set<string>();
		for (const run of document.runs) {
			expectAccounted(run);
			expect(run.clean).toBe(false);
			// The old instance alone for the --duration before the new one starts (a timer may fire a millisecond early).
			expect(run.steps[1]!.atMs).toBeGreaterThanOrEqual(1490);
			logs.add(run.log);
		}

		// Each run in a folder of its own.
		expect(logs.size).toBe(2);
		const {summary} = document;
		expect(summary).toMatchObject({runs: 2, measured: 2, clean: 0, exitCode: 1});
		expect(summary.sent).toBe(document.runs[0]!.sent + document.runs[1]!.sent);
		for (const outcome of ['old', 'new', 'refused', 'reset', 'status5xx', 'timeout', 'other'] as const) {
			expect(summary.outcomes[outcome]).toBe(document.runs[0]!.outcomes[outcome] + document.runs[1]!.outcomes[outcome]);
		}

		const failed = document.runs.map(run => run.sent - run.outcomes.old - run.outcomes.new);
		expect(summary.failed).toEqual({min: Math.min(...failed), max: Math.max(...failed)});
		const cut = summary.findings.find(f => f.id === 'cut-in-flight');
		expect(cut?.runs).toBe(document.runs.filter(run => run.findings.some(f => f.id === 'cut-in-flight')).length);
		expect(document.clean).toBe(false);
		expect(code).toBe(1);
	}, 60_000);

	it("--method, --header and --body (from a file): every request carries them, as the app's answers show", async () => {
		const folder = mkdtempSync(path.join(os.tmpdir(), 'zdd-body-'));
		await writeFile(path.join(folder, 'body.txt'), 'hello from a file\n');
		try {
			const {code, report} = await verify(
				[fixture('echo-request.js'), '--path', '/orders', '--method', 'post', '--header', 'X-Test: yes', '--body', '@body.txt', ...fast],
				folder,
			);
			expectAccounted(report);
			// 201 only when the method, the header and the body all arrived; 400 otherwise.
			expect(report.statuses).toEqual({'201': report.sent});
			// The listen was asked as the load asks: the same method, header and body answered 201 before the load began.
			expect(report.measured).toMatchObject({by: 'answered-well', status: 201});
			expect(report.settings).toMatchObject({method: 'POST', headers: ['X-Test'], bodyBytes: 18, paths: [{path: '/orders', weight: 1}]});
			expect(code).toBe(0);
		} finally {
			rmSync(folder, {recursive: true, force: true});
		}
	});

	it('--json prints one document whatever happens: a bad flag, and an app that cannot be verified (its output, ANSI stripped)', async () => {
		const bad = await runCli(['verify', '--json', '--rate', 'x', fixture('careful.js')]);
		expect(bad.code).toBe(2);
		expect(JSON.parse(bad.stdout)).toMatchObject({clean: false, error: '--rate takes a number (requests per second), got "x"'});
		const broken = await runCli(['verify', '--json', fixture('syntax-error.js')]);
		expect(broken.code).toBe(2);
		const document = JSON.parse(broken.stdout) as {clean: boolean; error: string; appOutput: string[]; log: string};
		expect(document.clean).toBe(false);
		expect(document.error).toMatch(/^cannot verify: the old instance exited with code 1 before it listened$/);
		expect(document.appOutput.join('\n')).toContain('SyntaxError');
		expect(document.appOutput.join('\n')).not.toContain('\u001B');
		// The app's output is kept for a run that failed, in a folder of its own.
		expect(existsSync(document.log)).toBe(true);
		rmSync(path.dirname(document.log), {recursive: true, force: true});
	});

	it("a clean pass leaves nothing in the temp dir; a failed one keeps the app's output, and says where", async () => {
		const clean = await verify([fixture('careful.js'), ...fast]);
		expect(clean.code).toBe(0);
		expect(path.dirname(clean.report.log)).toMatch(/zdd-learn-verify-\d+-/);
		expect(existsSync(path.dirname(clean.report.log))).toBe(false);
		const failed = await verify([fixture('no-shutdown.js'), ...fast]);
		expect(failed.code).toBe(1);
		expect(existsSync(failed.report.log)).toBe(true);
		// Only the app's output is kept, marked so that the next run leaves it: the preload's reports go.
		expect(readdirSync(path.dirname(failed.report.log)).sort()).toEqual(['.kept', 'app.log']);
		await runCli(['verify', fixture('syntax-error.js')]);
		expect(existsSync(failed.report.log)).toBe(true);
		rmSync(path.dirname(failed.report.log), {recursive: true, force: true});
	});

	it('zdd-learn itself crashing in the middle of a verify: one line, exit 1, and every process of the app gone', async () => {
		// An error planted in the CLI before it starts, set off by the test once the deploy is under way.
		const bomb = path.join(os.tmpdir(), `zdd-verify-bomb-${process.pid}.mjs`);
		await writeFile(bomb, "process.on('SIGUSR2', () => { setImmediate(() => { throw new Error('a planted fault'); }); });\n");
		try {
			const child = spawn(process.execPath, ['dist/cli.js', 'verify', fixture('swallows-sigterm.js'), '--grace', '60000'], {
				stdio: ['ignore', 'pipe', 'pipe'],
				env: {...process.env, NODE_OPTIONS: `--import=${bomb}`},
			});
			let out = '';
			let err = '';
			child.stdout.on('data', chunk => (out += String(chunk)));
			child.stderr.on('data', chunk => (err += String(chunk)));
			const ended = new Promise<number | null>(resolve => child.on('close', resolve));
			await eventually(() => out.includes('SIGTERM sent to the old instance'), 'the deploy under way', 20_000);
			expect(fixtureProcesses().length).toBeGreaterThan(0);
			child.kill('SIGUSR2');
			expect(await ended).toBe(1);
			const line = /^zdd-learn: unexpected error: a planted fault \(details in (\S+\.log)\)\n$/.exec(err);
			expect(line, err).not.toBeNull();
			await rm(line![1]!, {force: true});
			await eventually(() => fixtureProcesses().length === 0, 'no process of the app left', 5000);
		} finally {
			await rm(bomb, {force: true});
		}
	});

	it('a run stopped while it waits (the learner left): it starts nothing more, and every process of the app is gone', async () => {
		const options = parseVerifyOptions({}, [fixture('careful.js')], undefined);
		if ('error' in options) throw new Error(options.error);
		let serving!: () => void;
		const started = new Promise<void>(resolve => (serving = resolve));
		const run = new VerifyRun(settingsOf(options), what => {
			if (what.includes('serving through the balancer')) serving();
		});
		const result = run.run().then(
			() => 'finished',
			(error: unknown) => (error instanceof Error ? error.message : String(error)),
		);
		await started;
		expect(fixtureProcesses().length).toBeGreaterThan(0);
		run.dispose();
		expect(await result).toBe('the run was stopped');
		await eventually(() => fixtureProcesses().length === 0, 'no process of the app left', 5000);
	});

	it('a readiness path that never answers 2xx: one line that says what the app answered, and names --start-timeout', async () => {
		const {code, stderr} = await runCli(['verify', fixture('careful.js'), '--ready', '/nope', '--start-timeout', '1000']);
		expect(code).toBe(2);
		expect(stderr).toMatch(
			/^zdd-learn: cannot verify: an instance never answered 2xx on \/nope within 1000 ms \(--start-timeout\): it answered 404\n/,
		);
		expect(fixtureProcesses()).toEqual([]);
	});

	it('zdd-learn killed with SIGKILL (no time to clean up): the app goes by itself within seconds, and its folder at the next run', async () => {
		const child = spawn(process.execPath, ['dist/cli.js', 'verify', fixture('swallows-sigterm.js'), '--grace', '60000'], {
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let out = '';
		child.stdout.on('data', chunk => (out += String(chunk)));
		const ended = new Promise<unknown>(resolve => child.on('close', resolve));
		await eventually(() => out.includes('SIGTERM sent to the old instance'), 'the deploy under way', 20_000);
		expect(fixtureProcesses().length).toBeGreaterThan(0);
		child.kill('SIGKILL');
		await ended;
		// The preload in each instance checks every second that zdd-learn is still there.
		await eventually(() => fixtureProcesses().length === 0, 'no process of the app left', 10_000);
		const left = readdirSync(os.tmpdir()).filter(name => name.startsWith(`zdd-learn-verify-${child.pid}-`));
		expect(left).toHaveLength(1);
		// The next run, whatever becomes of it, clears what a killed run left.
		await runCli(['verify', fixture('syntax-error.js')]);
		expect(existsSync(path.join(os.tmpdir(), left[0]!))).toBe(false);
	});

	it('SIGTERM to zdd-learn in the middle of a verify: it ends, and every process of the app is gone; ps names the app', async () => {
		const child = spawn(process.execPath, ['dist/cli.js', 'verify', fixture('swallows-sigterm.js'), '--grace', '60000'], {
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let out = '';
		child.stdout.on('data', chunk => (out += String(chunk)));
		const ended = new Promise<number | null>(resolve => child.on('close', resolve));
		await eventually(() => out.includes('SIGTERM sent to the old instance'), 'the deploy under way', 20_000);
		expect(fixtureProcesses().length).toBeGreaterThan(0);
		expect(readFileSync(`/proc/${child.pid}/cmdline`, 'utf8')).toMatch(/^zdd-learn verify node .*swallows-sigterm\.js/);
		child.kill('SIGTERM');
		expect(await ended).toBe(143);
		await eventually(() => fixtureProcesses().length === 0, 'no process of the app left', 5000);
	});

	it('SIGTERM to zdd-learn verify --json: one document, interrupted, with the counts so far', async () => {
		const child = spawn(process.execPath, ['dist/cli.js', 'verify', '--json', fixture('swallows-sigterm.js'), '--grace', '60000'], {
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		try {
			let out = '';
			child.stdout.on('data', chunk => (out += String(chunk)));
			const ended = new Promise<number | null>(resolve => child.on('close', resolve));
			// The JSON run says nothing while it runs: the app's own processes say when it is under way (the CLI's own
			// command line may name the fixture too, depending on where the checkout is: it is not counted).
			const apps = () => fixtureProcesses().filter(line => !line.startsWith(`${child.pid!}:`));
			await eventually(() => apps().length >= 2, 'both instances started', 20_000);
			child.kill('SIGTERM');
			expect(await ended).toBe(143);
			const document = JSON.parse(out) as {interrupted: boolean; clean: boolean; counts: {sent: number}; log: string};
			expect(document).toMatchObject({interrupted: true, clean: false});
			expect(document.counts.sent).toBeGreaterThan(0);
			rmSync(path.dirname(document.log), {recursive: true, force: true});
			await eventually(() => fixtureProcesses().length === 0, 'no process of the app left', 5000);
		} finally {
			// Whatever failed above, nothing of this run may outlive the test (the next ones count what is left).
			child.kill('SIGKILL');
		}
	});
});

describe.runIf(process.platform === 'linux')('zdd-learn verify on a terminal', () => {
	it('the live screen: both instances, the balancer, the counters, then the result; q leaves with the verdict as exit code', async () => {
		const term = runInTerminal(['verify', fixture('no-shutdown.js'), ...fast], {columns: 80, rows: 24}, {}, {probe: true});
		try {
			const during = await term.waitFor(s => s.includes('new instance added to the balancer'), 'the new instance added', 20_000);
			expect(during).toMatch(/^old +● listening +pid \d+ · \d+ answered · \d+ open · ◀ balancer/m);
			expect(during).toMatch(/^new +● listening/m);
			const done = await term.waitFor(s => s.includes('Not a clean deploy'), 'the result', 20_000);
			expect(done).toMatch(/exited \d+ ms after SIGTERM, while the balancer still sent to it/);
			expect(done.split('\n').every(line => line.length <= 80)).toBe(true);
			term.send('q');
			await term.waitFor(() => term.raw().includes('PROBE-END'), 'the CLI to end', 5000);
			expect(Number(/EXIT=(\d+)/.exec(term.raw())?.[1])).toBe(1);
			// The terminal's own wrapper names the fixture too: it is gone once the terminal has closed.
			await term.exited;
			expect(fixtureProcesses()).toEqual([]);
		} finally {
			term.kill();
		}
	});

	it('Ctrl+C in the middle of the deploy: exit 130, every process of the app gone', async () => {
		const term = runInTerminal(['verify', fixture('swallows-sigterm.js'), '--grace', '60000'], {columns: 100, rows: 30}, {}, {probe: true});
		try {
			await term.waitFor(s => s.includes('SIGTERM sent to the old instance'), 'the signal sent', 20_000);
			expect(fixtureProcesses().length).toBeGreaterThan(0);
			term.send('\u0003');
			await term.waitFor(() => term.raw().includes('PROBE-END'), 'the CLI to end', 5000);
			expect(Number(/EXIT=(\d+)/.exec(term.raw())?.[1])).toBe(130);
			await eventually(() => fixtureProcesses().length === 0, 'no process of the app left', 5000);
		} finally {
			term.kill();
		}
	});
});

describe.runIf(process.platform === 'linux')("the preload sends the app's listen() to zdd-learn's port, on loopback", () => {
	const run = async (shape: string) => {
		const report = path.join(os.tmpdir(), `zdd-preload-${process.pid}-${shape}.jsonl`);
		rmSync(report, {force: true});
		const port = 40_000 + Math.floor(Math.random() * 10_000);
		const child = spawn(process.execPath, [fixture('preload-shapes.js'), shape], {
			stdio: 'ignore',
			env: {...process.env, NODE_OPTIONS: `--require ${JSON.stringify(preload)}`, ZDD_VERIFY_PORT: String(port), ZDD_VERIFY_REPORT: report},
		});
		try {
			const wanted = shape === 'two' ? 2 : 1;
			await eventually(
				() => existsSync(report) && readFileSync(report, 'utf8').trim().split('\n').length >= wanted,
				'the listen reports',
				10_000,
			);
			const lines = readFileSync(report, 'utf8')
				.trim()
				.split('\n')
				.map(line => JSON.parse(line) as {port: number; extra: boolean; asked: unknown});
			const answer = await new Promise<string>((resolve, reject) => {
				http
					.get({host: '127.0.0.1', port: lines[0]!.port, agent: false}, response => {
						let body = '';
						response.on('data', chunk => (body += String(chunk)));
						response.on('end', () => resolve(body));
					})
					.on('error', reject);
			});
			return {port, lines, answer};
		} finally {
			child.kill('SIGKILL');
			rmSync(report, {force: true});
		}
	};

	it.each([
		['number', 3000],
		['options', 3000],
		['zero', 0],
		['bare', null],
	])('listen shape %s (asked %s): on the given port, answering', async (shape, asked) => {
		const {port, lines, answer} = await run(shape);
		expect(lines).toHaveLength(1);
		expect(lines[0]).toMatchObject({port, extra: false, asked});
		expect(answer).toBe('ok\n');
	});

	it('a second server gets a free loopback port of its own, reported as extra', async () => {
		const {port, lines} = await run('two');
		expect(lines.map(line => line.extra)).toEqual([false, true]);
		expect(lines[0]!.port).toBe(port);
		expect(lines[1]!.port).not.toBe(port);
	});
});
