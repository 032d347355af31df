import {existsSync, statSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {maxRate} from '../engine/limits.js';
import type {AppCommand} from '../engine/backends/app-process.js';
import type {VerifySettings} from '../engine/verify/verify-run.js';

/** What `zdd-learn verify` was asked to do, validated: the run's settings a person chooses, and the output. */
export type VerifyOptions = Omit<VerifySettings, 'settleMs' | 'logFile' | 'timeoutMs' | 'seed'> & {json: boolean; markdown: boolean};

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
	'json',
	'markdown',
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
	if (typeof value !== 'string' || !/^\d+$/.test(value.trim()) || Number(value) < min || Number(value) > max) {
		return `--${kebab(name)} expects ${what} from ${min} to ${max}, got "${String(value)}"`;
	}

	return Number(value);
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
	let app: AppCommand;
	if (command && command.length > 0) {
		if (input.length > 0) return {error: `give either a file or a command after --, not both (got "${input[0]}")`};
		app = {command: command[0]!, args: command.slice(1), cwd};
	} else {
		if (input.length === 0) return {error: 'verify needs the app: zdd-learn verify ./server.js, or zdd-learn verify -- npm start'};
		if (input.length > 1) return {error: `unexpected argument "${input[1]}" (a command with arguments goes after --)`};
		const file = path.resolve(cwd, input[0]!);
		if (!existsSync(file)) return {error: `no such file: ${input[0]}`};
		if (statSync(file).isDirectory()) return {error: `${input[0]} is a directory: give the file that starts the app (or -- npm start)`};
		app = {command: process.execPath, args: [file], cwd: path.dirname(file)};
	}

	const numbers = {
		rate: whole(flags, 'rate', 1, maxRate, 'requests per second'),
		lag: whole(flags, 'lag', 0, 60_000, 'milliseconds'),
		grace: whole(flags, 'grace', 100, 120_000, 'milliseconds'),
		startTimeout: whole(flags, 'startTimeout', 500, 120_000, 'milliseconds'),
		balancerIdle: whole(flags, 'balancerIdle', 0, 4_000_000, 'milliseconds'),
	};
	const wrong = Object.values(numbers).find(value => typeof value === 'string');
	if (wrong !== undefined) return {error: wrong as string};
	const signal = flags['signal'] === undefined ? verifyDefaults.signal : String(flags['signal']).toUpperCase();
	if (!signals.has(signal)) return {error: `--signal expects one of ${[...signals].join(', ')}, got "${String(flags['signal'])}"`};
	const ready = flags['ready'];
	if (ready !== undefined && (typeof ready !== 'string' || !ready.startsWith('/'))) {
		return {error: `--ready expects a path that starts with /, got "${String(ready)}"`};
	}

	if (flags['json'] === true && flags['markdown'] === true) return {error: 'choose --json or --markdown, not both'};
	for (const name of ['keepAlive', 'json', 'markdown']) {
		if (flags[name] !== undefined && typeof flags[name] !== 'boolean') return {error: `--${kebab(name)} takes no value`};
	}

	return {
		app,
		rate: (numbers.rate as number | undefined) ?? verifyDefaults.rate,
		keepAlive: flags['keepAlive'] === true,
		signal: signal as NodeJS.Signals,
		lagMs: (numbers.lag as number | undefined) ?? verifyDefaults.lagMs,
		graceMs: (numbers.grace as number | undefined) ?? verifyDefaults.graceMs,
		...(typeof ready === 'string' ? {readyPath: ready} : {}),
		startTimeoutMs: (numbers.startTimeout as number | undefined) ?? verifyDefaults.startTimeoutMs,
		balancerIdleMs: (numbers.balancerIdle as number | undefined) ?? verifyDefaults.balancerIdleMs,
		json: flags['json'] === true,
		markdown: flags['markdown'] === true,
	};
}

/** The run's settings: the old and the new instance each settle for a second, and the app's output goes to a fresh log file. */
export function settingsOf(options: VerifyOptions): VerifySettings {
	const {json: _json, markdown: _markdown, ...settings} = options;
	return {
		...settings,
		settleMs: 1000,
		logFile: path.join(os.tmpdir(), `zdd-learn-verify-${process.pid}-${Date.now()}.log`),
	};
}
