import {existsSync, readdirSync, readFileSync, rmSync, statSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {maxRate} from '../engine/limits.js';
import type {AppCommand} from '../engine/backends/app-process.js';
import type {Route} from '../engine/index.js';
import {groupsFile, keptMark, type VerifySettings} from '../engine/verify/measurement.js';

/** What `zdd-learn verify` was asked to do, validated: the run's settings a person chooses, and the output. */
export type VerifyOptions = Omit<VerifySettings, 'settleMs' | 'runDir' | 'timeoutMs' | 'seed'> & {
	json: boolean;
	markdown: boolean;
	/** Warnings (risks, not failures) end with exit 1 too. */
	strict: boolean;
	/** Step by step: the operator's steps wait for the learner's key on a terminal; without one, an account of each step. */
	steps: boolean;
	/** Deploys this many times, each on fresh instances (1: once). */
	runs: number;
	/** The load's length before the deploy (the old instance alone) and after it (the new one alone), ms. */
	durationMs?: number;
};

/** The balancer's idle timeout by default is AWS ALB's (60 s). */
export const verifyDefaults = {
	rate: 100,
	lagMs: 1000,
	graceMs: 10_000,
	startTimeoutMs: 10_000,
	signal: 'SIGTERM',
	balancerIdleMs: 60_000,
} as const;

const verifyFlags = new Set([
	'rate',
	'keepAlive',
	'signal',
	'lag',
	'grace',
	'ready',
	'startTimeout',
	'balancerIdle',
	'appPort',
	'strict',
	'json',
	'markdown',
	'steps',
	'runs',
	'duration',
	'path',
	'method',
	'header',
	'body',
	'help',
	'version',
]);
const signals = new Set(['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT', 'SIGUSR2']);

function kebab(name: string): string {
	return name.replaceAll(/[A-Z]/g, letter => `-${letter.toLowerCase()}`);
}

function whole(flags: Record<string, unknown>, name: string, min: number, max: number, what: string): number | string | undefined {
	const value = flags[name];
	if (value === undefined) return undefined;
	if (typeof value !== 'string' || value.trim() === '') return `--${kebab(name)} takes a number (${what}), got nothing`;
	if (!/^\d+$/.test(value.trim())) return `--${kebab(name)} takes a number (${what}), got "${value}"`;
	if (Number(value) < min || Number(value) > max) return `--${kebab(name)} expects ${what} from ${min} to ${max}, got "${value}"`;
	return Number(value);
}

/** A switch: given alone (true), or with =true / =false; anything else is a mistake, never silently ignored. */
function onOff(flags: Record<string, unknown>, name: string): boolean | string {
	const value = flags[name];
	if (value === undefined || value === false) return false;
	if (value === true) return true;
	return `--${kebab(name)} is a switch: give it alone (or --no-${kebab(name)}), got "${String(value)}"`;
}

/**
 * `zdd-learn verify ./server.js [flags]` (node runs the file, in its folder) or
 * `zdd-learn verify [flags] -- <command…>` (any command, in this folder).
 */
export function parseVerifyOptions(
	flags: Record<string, unknown>,
	input: readonly string[],
	command: readonly string[] | undefined,
	cwd = process.cwd(),
): VerifyOptions | {error: string} {
	const unknown = Object.keys(flags).filter(name => !verifyFlags.has(name));
	if (unknown.length > 0) return {error: `--${kebab(unknown[0]!)} does not belong to "zdd-learn verify" (see zdd-learn --help)`};
	const numbers = {
		rate: whole(flags, 'rate', 1, maxRate, 'requests per second'),
		lag: whole(flags, 'lag', 0, 60_000, 'milliseconds'),
		grace: whole(flags, 'grace', 100, 120_000, 'milliseconds'),
		startTimeout: whole(flags, 'startTimeout', 500, 120_000, 'milliseconds'),
		balancerIdle: whole(flags, 'balancerIdle', 0, 4_000_000, 'milliseconds'),
		appPort: whole(flags, 'appPort', 0, 65_535, 'the port your code asks for'),
		runs: whole(flags, 'runs', 1, 100, 'deploys'),
		duration: whole(flags, 'duration', 500, 240_000, 'milliseconds'),
	};
	const wrong = Object.values(numbers).find(value => typeof value === 'string');
	if (wrong !== undefined) return {error: wrong as string};
	const switches = {
		keepAlive: onOff(flags, 'keepAlive'),
		strict: onOff(flags, 'strict'),
		json: onOff(flags, 'json'),
		markdown: onOff(flags, 'markdown'),
		steps: onOff(flags, 'steps'),
	};
	const wrongSwitch = Object.values(switches).find(value => typeof value === 'string');
	if (wrongSwitch !== undefined) return {error: wrongSwitch as string};
	const signal = flags['signal'] === undefined ? verifyDefaults.signal : String(flags['signal']).toUpperCase();
	if (!signals.has(signal)) return {error: `--signal expects one of ${[...signals].join(', ')}, got "${String(flags['signal'])}"`};
	const ready = flags['ready'];
	if (ready !== undefined && (typeof ready !== 'string' || !ready.startsWith('/'))) {
		return {error: `--ready expects a path that starts with /, got "${String(ready)}"`};
	}

	const request = requestsOfFlags(flags, cwd);
	if ('error' in request) return request;
	if (switches.json === true && switches.markdown === true) return {error: 'choose --json or --markdown, not both'};
	const report = switches.json === true ? '--json' : switches.markdown === true ? '--markdown' : undefined;
	if (switches.steps === true && report)
		return {error: `--steps walks through the deploy step by step; ${report} reports a whole run: choose one`};
	if (switches.steps === true && ((numbers.runs as number | undefined) ?? 1) > 1) {
		return {error: '--steps walks through one deploy; --runs repeats whole ones: choose one'};
	}

	let app: AppCommand;
	if (command && command.length > 0) {
		if (input.length > 0) return {error: `give either a file or a command after --, not both (got "${input[0]}")`};
		app = {command: command[0]!, args: command.slice(1), cwd};
	} else {
		if (input.length === 0)
			return {
				error:
					'verify needs the app: zdd-learn verify ./server.js, zdd-learn verify -- npm start, or "app" or "command" in zdd-learn.config.json',
			};
		if (input.length > 1) return {error: `unexpected argument "${input[1]}" (a command with arguments goes after --)`};
		const file = path.resolve(cwd, input[0]!);
		if (!existsSync(file)) return {error: `no such file: ${input[0]}`};
		if (statSync(file).isDirectory()) return {error: `${input[0]} is a directory: give the file that starts the app (or -- npm start)`};
		app = {command: process.execPath, args: [file], cwd: path.dirname(file)};
	}

	return {
		app,
		rate: (numbers.rate as number | undefined) ?? verifyDefaults.rate,
		keepAlive: switches.keepAlive === true,
		signal: signal as NodeJS.Signals,
		lagMs: (numbers.lag as number | undefined) ?? verifyDefaults.lagMs,
		graceMs: (numbers.grace as number | undefined) ?? verifyDefaults.graceMs,
		...(typeof ready === 'string' ? {readyPath: ready} : {}),
		startTimeoutMs: (numbers.startTimeout as number | undefined) ?? verifyDefaults.startTimeoutMs,
		balancerIdleMs: (numbers.balancerIdle as number | undefined) ?? verifyDefaults.balancerIdleMs,
		...(numbers.appPort === undefined ? {} : {appPort: numbers.appPort as number}),
		json: switches.json === true,
		markdown: switches.markdown === true,
		strict: switches.strict === true,
		steps: switches.steps === true,
		runs: (numbers.runs as number | undefined) ?? 1,
		...(numbers.duration === undefined ? {} : {durationMs: numbers.duration as number}),
		...request,
	};
}

const methods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
/** Headers the load sets itself: the request's number, its framing, and where it goes. */
const ownHeaders = new Set(['x-zdd-request', 'host', 'content-length', 'transfer-encoding', 'connection']);

/** A flag given once or more (meow gives a repeatable flag as a list). */
function many(value: unknown): string[] {
	if (value === undefined) return [];
	return (Array.isArray(value) ? value : [value]).map(String);
}

/**
 * The requests of the load: --path (repeatable; a weight after a colon in its last part: /api/orders:3),
 * --method, --header 'Name: value' (repeatable), --body text or @file.
 */
function requestsOfFlags(
	flags: Record<string, unknown>,
	cwd: string,
): Pick<VerifyOptions, 'paths' | 'method' | 'headers' | 'body'> | {error: string} {
	const paths: Route[] = [];
	for (const given of many(flags['path'])) {
		// A number after the last colon is the weight (/reports:3); any other colon is the path's own (/v1/items:batchGet).
		const weighted = /^(.*):(\d+)$/.exec(given);
		const at = weighted ? weighted[1]! : given;
		if (!at.startsWith('/')) return {error: `--path expects a path that starts with /, got "${given}"`};
		// What a request line can carry as it is: printable ASCII, no space (escape the rest: %20).
		if (/[^\u0021-\u007E]/.test(at))
			return {error: `--path ${given}: a path holds printable ASCII and no space; escape the rest (%20 for a space)`};
		const weight = weighted ? weighted[2]! : '1';
		if (!/^[1-9]\d{0,2}$/.test(weight))
			return {error: `--path ${given}: its weight, after the colon, is a whole number from 1 to 999, got "${weight}"`};
		if (paths.some(route => route.path === at)) return {error: `--path ${at} is given twice`};
		paths.push({path: at, weight: Number(weight)});
	}

	const method = flags['method'] === undefined ? undefined : String(flags['method']).toUpperCase();
	if (method !== undefined && !methods.includes(method))
		return {error: `--method expects one of ${methods.join(', ')}, got "${String(flags['method'])}"`};
	const headers: Record<string, string> = {};
	for (const given of many(flags['header'])) {
		const header = /^([!#$%&'*+.^_`|~\w-]+):[ \t]*([^\r\n]*)$/.exec(given);
		if (!header) return {error: `--header expects "Name: value", got "${given}"`};
		if (ownHeaders.has(header[1]!.toLowerCase())) return {error: `--header ${header[1]!}: the load sets that header itself`};
		if (/[^\t\u0020-\u007E]/.test(header[2]!)) return {error: `--header ${header[1]!}: a header's value holds printable ASCII only`};
		headers[header[1]!] = header[2]!;
	}

	let body: string | undefined;
	const text = flags['body'];
	if (text !== undefined) {
		if (typeof text !== 'string') return {error: '--body takes a text or @file, got nothing'};
		if (text.startsWith('@')) {
			const file = path.resolve(cwd, text.slice(1));
			if (!existsSync(file) || statSync(file).isDirectory()) return {error: `--body ${text}: no such file`};
			body = readFileSync(file, 'utf8');
		} else body = text;
	}

	return {
		...(paths.length > 0 ? {paths} : {}),
		...(method ? {method} : {}),
		...(Object.keys(headers).length > 0 ? {headers} : {}),
		...(body === undefined ? {} : {body}),
	};
}

/** The folders of verify's runs: one per run, under the OS's temp dir, named by the process that made it. */
const runDirPrefix = 'zdd-learn-verify-';

/**
 * The run's settings: the old and the new instance each settle for a second; the app's output goes to a
 * fresh folder of its own. The folders of runs whose process is gone (killed with no time to clean up) go now.
 */
export function settingsOf(options: VerifyOptions): VerifySettings {
	const {json: _json, markdown: _markdown, strict: _strict, steps: _steps, runs: _runs, durationMs, ...settings} = options;
	removeStaleRunDirs();
	return {
		...settings,
		settleMs: durationMs ?? 1000,
		runDir: path.join(os.tmpdir(), `${runDirPrefix}${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`),
	};
}

/**
 * The folders of runs whose process is gone without cleaning up (killed with SIGKILL), with any process
 * of the app they left: a server without the preload has nothing that watches for zdd-learn. A process
 * is ended only when its environment names the dead run as its parent. Folders kept on purpose stay.
 */
function removeStaleRunDirs(): void {
	let names: string[];
	try {
		names = readdirSync(os.tmpdir());
	} catch {
		return;
	}

	for (const name of names) {
		const match = /^zdd-learn-verify-(\d+)-\d+(?:-\w+|\.log)$/.exec(name);
		const pid = Number(match?.[1]);
		if (!pid || pid === process.pid || alive(pid)) continue;
		const folder = path.join(os.tmpdir(), name);
		try {
			if (existsSync(path.join(folder, keptMark))) continue;
			endLeftGroups(folder, pid);
			rmSync(folder, {recursive: true, force: true});
		} catch {
			// Someone else's, or gone already.
		}
	}
}

function endLeftGroups(folder: string, owner: number): void {
	const file = path.join(folder, groupsFile);
	if (process.platform !== 'linux' || !existsSync(file)) return;
	const groups = new Set(readFileSync(file, 'utf8').split('\n').filter(Boolean).map(Number));
	for (const entry of readdirSync('/proc').filter(name => /^\d+$/.test(name))) {
		try {
			// Field 5 of stat is the process group; the command (field 2) may hold spaces, so count after its ')'.
			const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
			const group = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
			if (!groups.has(group)) continue;
			if (!readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0').includes(`ZDD_VERIFY_PARENT=${owner}`)) continue;
			process.kill(Number(entry), 'SIGKILL');
		} catch {
			// Gone while we looked, or not ours to read.
		}
	}
}

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}
