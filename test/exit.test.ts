import {existsSync, readFileSync} from 'node:fs';
import {rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {eventually, gone, tryConnect} from './helpers.js';
import {killTerminals, runInTerminal} from './run-cli.js';

afterEach(killTerminals);

type Terminal = ReturnType<typeof runInTerminal>;

/** The cluster lesson auto-playing until `step` is on screen: its port and its worker processes. */
async function underWay(term: Terminal, step: RegExp): Promise<{port: number; workers: number[]}> {
	const first = await term.waitFor(s => /sent [1-9]/.test(s), 'the lesson');
	const port = Number(/127\.0\.0\.1:(\d+)/.exec(first)?.[1]);
	term.send('a');
	await term.waitFor(s => step.test(s), `the deploy at ${String(step)}`, 15_000);
	return {port, workers: term.cliChildren()};
}

type Ending = {name: string; code: number; end: (term: Terminal) => void};

const endings: Ending[] = [
	{
		name: 'q (three times: the lesson, the modes, the menu)',
		code: 0,
		end(term) {
			term.send('q');
		},
	},
	{
		name: 'Esc (three times)',
		code: 0,
		end(term) {
			term.send('\u001B');
		},
	},
	{name: 'Ctrl+C', code: 130, end: term => term.send('\u0003')},
	{name: 'SIGINT from outside', code: 130, end: term => process.kill(term.cliPid()!, 'SIGINT')},
	{name: 'SIGTERM', code: 143, end: term => process.kill(term.cliPid()!, 'SIGTERM')},
	{name: 'SIGHUP', code: 129, end: term => process.kill(term.cliPid()!, 'SIGHUP')},
];

/**
 * Each way out, in the middle of the cluster lesson's deploy (real worker
 * processes): the CLI ends there, with its exit code, leaving no
 * port listening, no worker process, and the terminal as it found it.
 */
describe.runIf(process.platform === 'linux')('every way out leaves nothing behind', () => {
	for (const ending of endings) {
		it(`${ending.name}: exit ${ending.code} mid-deploy, 0 listeners, 0 workers, cursor shown, raw mode off`, async () => {
			const term = runInTerminal(['--lesson', 'cluster-rolling-restart'], {columns: 100, rows: 30}, {}, {probe: true});
			try {
				const {port, workers} = await underWay(term, /Step [3-5]\/\d/);
				expect(workers.length, 'worker processes while the lesson runs').toBeGreaterThan(0);
				expect(await tryConnect(port)).toBe('connected');

				const keyPresses = ending.code === 0 ? 3 : 1;
				for (let i = 0; i < keyPresses; i++) {
					ending.end(term);
					// Each q or Esc goes back one screen; wait for it to be drawn before the next.
					if (i < keyPresses - 1)
						await term.waitFor(
							s => (i === 0 ? s.includes('Choose how to learn it') : s.includes('1. Close, then listen')),
							'the screen before',
						);
				}

				const after = await term.waitFor(() => term.raw().includes('PROBE-END'), 'the CLI to end', 5000);
				const raw = term.raw();
				const status = Number(/EXIT=(\d+)/.exec(raw)?.[1]);
				expect(status, after).toBe(ending.code);
				// It left in the middle of the deploy, without waiting for the deploy to end.
				if (ending.code !== 0) expect(raw).not.toContain('Summary of this run');
				expect(await tryConnect(port)).toBe('ECONNREFUSED');
				// A worker is told to go as the CLI ends; it is gone once the kernel has taken it down.
				await eventually(() => workers.every(pid => gone(pid)), `the workers ${workers.join(', ')} to be gone`, 5000);
				// The cursor was shown again after it was last hidden, before the CLI ended.
				const beforeExit = raw.slice(0, raw.indexOf('EXIT='));
				expect(beforeExit.lastIndexOf('\u001B[?25h')).toBeGreaterThan(beforeExit.lastIndexOf('\u001B[?25l'));
				// And the terminal is back in cooked mode: line editing and echo on.
				const stty = raw.slice(raw.indexOf('EXIT='));
				expect(stty).toMatch(/(?<!-)icanon/);
				expect(stty).toMatch(/(?<![-\w])echo(?!\w)/);
			} finally {
				term.kill();
			}
		});
	}

	it('an uncaught error in the middle of a lesson: one readable line and the path of a log with the stack, exit 1, nothing left', async () => {
		// An error thrown inside the CLI process (not in its workers), planted before it starts and set off
		// by the test once the lesson is under way: not by a clock, which a slower machine would beat.
		const bomb = path.join(os.tmpdir(), `zdd-bomb-${process.pid}.mjs`);
		await writeFile(
			bomb,
			"import cluster from 'node:cluster';\nif (cluster.isPrimary) process.on('SIGUSR2', () => { setImmediate(() => { throw new Error('a planted fault'); }); });\n",
		);
		const term = runInTerminal(
			['--lesson', 'cluster-rolling-restart'],
			{columns: 100, rows: 30},
			{NODE_OPTIONS: `--import=${bomb}`},
			{probe: true},
		);
		try {
			const {port, workers} = await underWay(term, /Step [2-5]\/\d/);
			expect(workers.length, 'worker processes while the lesson runs').toBeGreaterThan(0);
			process.kill(term.cliPid()!, 'SIGUSR2');
			const screen = await term.waitFor(() => term.raw().includes('PROBE-END'), 'the crash', 10_000);
			const raw = term.raw();
			expect(Number(/EXIT=(\d+)/.exec(raw)?.[1])).toBe(1);
			const line = /zdd-learn: unexpected error: a planted fault \(details in (\S+\.log)\)/.exec(screen.replaceAll('\n', ''));
			expect(line, screen).not.toBeNull();
			const log = line![1]!;
			expect(existsSync(log)).toBe(true);
			expect(readFileSync(log, 'utf8')).toMatch(/Error: a planted fault\n\s+at /);
			await rm(log);
			expect(raw).not.toMatch(/\n\s+at .*zdd-bomb/);
			expect(await tryConnect(port)).toBe('ECONNREFUSED');
			await eventually(() => workers.every(pid => gone(pid)), `the workers ${workers.join(', ')} to be gone`, 5000);
			const stty = raw.slice(raw.indexOf('EXIT='));
			expect(stty).toMatch(/(?<!-)icanon/);
		} finally {
			term.kill();
			await rm(bomb, {force: true});
		}
	});

	it('the terminal itself hangs up (its window closed): the CLI ends by SIGHUP, nothing left, no crash', async () => {
		const statusFile = path.join(os.tmpdir(), `zdd-hup-${process.pid}`);
		await rm(statusFile, {force: true});
		const term = runInTerminal(['--lesson', 'cluster-rolling-restart'], {columns: 100, rows: 30}, {}, {statusFile});
		try {
			const {port, workers} = await underWay(term, /Step [3-5]\/\d/);
			expect(workers.length).toBeGreaterThan(0);
			// Killing script closes the terminal's master side: the kernel hangs the terminal up.
			term.child.kill('SIGKILL');
			await eventually(() => existsSync(statusFile), 'the exit status of the CLI', 10_000);
			// 129: ended by SIGHUP (a crash on the way out would read 139, SIGSEGV).
			expect(readFileSync(statusFile, 'utf8').trim()).toBe('129');
			expect(await tryConnect(port)).toBe('ECONNREFUSED');
			await eventually(() => workers.every(pid => gone(pid)), `the workers ${workers.join(', ')} to be gone`, 5000);
		} finally {
			term.kill();
			await rm(statusFile, {force: true});
		}
	});
});
