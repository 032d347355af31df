import {spawnSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
import net from 'node:net';
import {afterEach} from 'vitest';
import {DeployRun, type RunOptions, type RunSnapshot} from '../source/engine/index.js';

export const sleep = async (ms: number) =>
	new Promise<void>(resolve => {
		setTimeout(resolve, ms);
	});

/** Resolves with the connect error code, or 'connected'. */
export async function tryConnect(port: number, host = '127.0.0.1'): Promise<string> {
	return new Promise(resolve => {
		const socket = net.connect({port, host});
		socket.once('connect', () => {
			socket.destroy();
			resolve('connected');
		});
		socket.once('error', (error: NodeJS.ErrnoException) => {
			resolve(error.code ?? error.message);
		});
	});
}

/** Every request sent is in exactly one outcome, or still in flight. */
export function conserved(snapshot: RunSnapshot): boolean {
	const t = snapshot.totals;
	return t.sent === t.old + t.new + t.refused + t.reset + t.timeout + t.status5xx + t.other + t.inFlight;
}

/**
 * Resolves with the first snapshot of the run that meets the condition:
 * a test waits for what it is about (so many sent, a step done), not for a
 * duration. `what` names it in the error if the test's time runs out first.
 */
export async function until(
	run: DeployRun,
	condition: (snapshot: RunSnapshot) => boolean,
	what: string,
	capMs = 25_000,
): Promise<RunSnapshot> {
	const now = run.snapshot();
	if (condition(now)) return now;
	return new Promise((resolve, reject) => {
		const check = (snapshot: RunSnapshot) => {
			if (!condition(snapshot)) return;
			clearTimeout(cap);
			run.off('snapshot', check);
			resolve(snapshot);
		};

		// Only so that a condition that never comes is named in the failure.
		const cap = setTimeout(() => {
			run.off('snapshot', check);
			reject(new Error(`${what} never came; the last snapshot: ${JSON.stringify(run.snapshot().totals)}`));
		}, capMs);
		run.on('snapshot', check);
	});
}

/** Polls a condition outside the engine (a process gone, a port closed) until it holds; capped only to name it. */
export async function eventually(condition: () => boolean | Promise<boolean>, what: string, capMs = 20_000): Promise<void> {
	const until = Date.now() + capMs;
	while (!(await condition())) {
		if (Date.now() > until) throw new Error(`${what} never came`);
		await sleep(20);
	}
}

/** A maker of runs on a free port with these defaults; every run it made is disposed after each test. */
export function deployments(defaults: Partial<RunOptions>): (options?: Partial<RunOptions>) => DeployRun {
	let runs: DeployRun[] = [];
	afterEach(() => {
		for (const run of runs) run.dispose();
		runs = [];
	});
	return (options = {}) => {
		const run = new DeployRun({port: 0, rate: 200, keepAlive: false, ...defaults, ...options});
		runs.push(run);
		return run;
	};
}

/** A process that is gone, or only a zombie waiting for its parent to reap it (Linux). */
export function gone(pid: number): boolean {
	try {
		return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.startsWith('Z');
	} catch {
		return true;
	}
}

/**
 * Whether this machine's sh replaces itself with its one command (dash and bash do, busybox may not): it
 * decides where `npm start` with "start": "node app.js" sends the SIGTERM (to the app, or to the shell only).
 */
export function shExecsItsCommand(): boolean {
	const run = spawnSync('sh', ['-c', `"${process.execPath}" -e "process.stdout.write(String(process.pid))"`], {encoding: 'utf8'});
	return Number(run.stdout) === run.pid;
}
