import {modeIds, type ModeId} from './modes.js';

/** What the command line asked for, validated; or the one line that says what is wrong. */
export type Options = {
	command: 'learn' | 'quiz';
	lesson?: string;
	mode?: ModeId;
	rate: number;
	port: number;
	keepAlive: boolean;
	seed?: number;
	reducedMotion: boolean;
	resetProgress: boolean;
};

export const defaultRate = 100;
export const maxRate = 1000;
export const knownFlags = new Set(['lesson', 'mode', 'rate', 'port', 'keepAlive', 'seed', 'reducedMotion', 'resetProgress', 'help', 'version']);

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
): Options | {error: string} {
	const unknown = Object.keys(flags).filter(name => !knownFlags.has(name));
	if (unknown.length > 0) {
		return {error: `unknown flag ${unknown.map(name => `--${kebab(name)}`).join(', ')} (see zdd-learn --help)`};
	}

	const [command = 'learn', ...extra] = input;
	if (command !== 'learn' && command !== 'quiz') return {error: `unknown command "${command}" (see zdd-learn --help)`};
	if (extra.length > 0) return {error: `unexpected argument "${extra[0]}" (see zdd-learn --help)`};

	let rate = defaultRate;
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

	for (const name of ['keepAlive', 'reducedMotion', 'resetProgress']) {
		if (flags[name] !== undefined && typeof flags[name] !== 'boolean') return {error: `--${kebab(name)} takes no value`};
	}

	const envMotion = env['ZDD_LEARN_REDUCED_MOTION'];
	return {
		command,
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
