import {defaults} from '../engine/options.js';
import {raceDefaults} from '../race/defaults.js';
import {maxRate} from '../engine/limits.js';
import {modeIds, type ModeId} from '../lessons/modes.js';

export {maxRate};

/** What the command line asked for, validated; or the one line that says what is wrong. */
export type Options = {
	command: 'learn' | 'quiz' | 'race';
	/** race: one JSON document on stdout, no screen. */
	json: boolean;
	/** race: about how long each strategy's deploy takes, ms. */
	durationMs?: number;
	/** race: only these strategies, in this order. */
	strategies?: string[];
	lesson?: string;
	mode?: ModeId;
	rate: number;
	port: number;
	keepAlive: boolean;
	seed?: number;
	reducedMotion: boolean;
	resetProgress: boolean;
};

export const defaultRate = defaults.rate;
export const defaultRaceRate = raceDefaults.rate;
export const knownFlags = new Set([
	'lesson',
	'lessonsDir',
	'mode',
	'rate',
	'port',
	'keepAlive',
	'seed',
	'reducedMotion',
	'resetProgress',
	'json',
	'duration',
	'strategies',
	'help',
	'version',
]);

type Flags = Record<string, unknown>;

function kebab(name: string): string {
	return name.replaceAll(/[A-Z]/g, letter => `-${letter.toLowerCase()}`);
}

function integer(value: unknown): number | undefined {
	if (typeof value !== 'string' || !/^\d+$/.test(value.trim())) return undefined;
	return Number(value);
}

export function parseOptions(
	flags: Flags,
	input: readonly string[],
	lessonIds: readonly string[],
	env: Record<string, string | undefined> = {},
	strategyIds: readonly string[] = [],
): Options | {error: string} {
	const unknown = Object.keys(flags).filter(name => !knownFlags.has(name));
	if (unknown.length > 0) {
		return {error: `unknown flag ${unknown.map(name => `--${kebab(name)}`).join(', ')} (see zdd-learn --help)`};
	}

	const [command = 'learn', ...extra] = input;
	if (command !== 'learn' && command !== 'quiz' && command !== 'race') {
		return {error: `unknown command "${command}" (see zdd-learn --help)`};
	}
	if (extra.length > 0) return {error: `unexpected argument "${extra[0]}" (see zdd-learn --help)`};

	let rate: number = command === 'race' ? defaultRaceRate : defaultRate;
	if (flags['rate'] !== undefined) {
		const value = integer(flags['rate']);
		if (value === undefined || value < 1 || value > maxRate) {
			return {error: `--rate expects a whole number of requests per second from 1 to ${maxRate}, got "${String(flags['rate'])}"`};
		}

		rate = value;
	}

	let port = 0;
	if (flags['port'] !== undefined) {
		const value = integer(flags['port']);
		if (value === undefined || value < 1 || value > 65_535) {
			return {error: `--port expects a port number from 1 to 65535, got "${String(flags['port'])}"`};
		}

		port = value;
	}

	const lesson = flags['lesson'];
	if (lesson !== undefined) {
		if (typeof lesson !== 'string' || !lessonIds.includes(lesson)) {
			return {error: `--lesson: no lesson "${String(lesson)}"; the lessons are: ${lessonIds.join(', ')}`};
		}
	}

	const mode = flags['mode'];
	if (mode !== undefined) {
		if (typeof mode !== 'string' || !modeIds.includes(mode as ModeId)) {
			return {error: `--mode: no mode "${String(mode)}"; the modes are: ${modeIds.join(', ')}`};
		}

		if (command === 'quiz' && mode !== 'quiz') return {error: '"zdd-learn quiz" takes no --mode'};
	}

	let seed: number | undefined;
	if (flags['seed'] !== undefined) {
		seed = integer(flags['seed']);
		if (seed === undefined || seed > 2 ** 31) return {error: `--seed expects a whole number, got "${String(flags['seed'])}"`};
	}

	const raceOnly = ['json', 'duration', 'strategies'].filter(name => flags[name] !== undefined);
	if (command !== 'race' && raceOnly.length > 0) return {error: `--${kebab(raceOnly[0]!)} belongs to "zdd-learn race"`};

	let durationMs: number | undefined;
	if (flags['duration'] !== undefined) {
		durationMs = integer(flags['duration']);
		if (durationMs === undefined || durationMs < 200 || durationMs > 20_000) {
			return {error: `--duration expects milliseconds per strategy from 200 to 20000, got "${String(flags['duration'])}"`};
		}
	}

	let strategies: string[] | undefined;
	if (flags['strategies'] !== undefined) {
		strategies = String(flags['strategies'])
			.split(',')
			.map(id => id.trim())
			.filter(Boolean);
		const unknown = strategies.find(id => !strategyIds.includes(id));
		if (strategies.length === 0 || unknown !== undefined) {
			return {error: `--strategies: no strategy "${unknown ?? ''}"; the strategies are: ${strategyIds.join(', ')}`};
		}
	}

	for (const name of ['keepAlive', 'reducedMotion', 'resetProgress', 'json']) {
		if (flags[name] !== undefined && typeof flags[name] !== 'boolean') return {error: `--${kebab(name)} takes no value`};
	}

	const envMotion = env['ZDD_LEARN_REDUCED_MOTION'];
	return {
		command,
		json: flags['json'] === true,
		durationMs,
		strategies,
		lesson: lesson as string | undefined,
		mode: command === 'quiz' ? 'quiz' : (mode as ModeId | undefined),
		rate,
		port,
		keepAlive: flags['keepAlive'] === true,
		seed,
		reducedMotion: flags['reducedMotion'] === true || (envMotion !== undefined && envMotion !== '' && envMotion !== '0'),
		resetProgress: flags['resetProgress'] === true,
	};
}
