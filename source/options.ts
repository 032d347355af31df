/** What the command line asked for, validated; or the one line that says what is wrong. */
export type Options = {
	lesson?: string;
	rate: number;
	port: number;
	keepAlive: boolean;
};

export const defaultRate = 100;
export const maxRate = 1000;
export const knownFlags = new Set(['lesson', 'rate', 'port', 'keepAlive', 'help', 'version']);

type Flags = Record<string, unknown>;

function kebab(name: string): string {
	return name.replaceAll(/[A-Z]/g, letter => `-${letter.toLowerCase()}`);
}

function integer(value: unknown): number | undefined {
	if (typeof value !== 'string' || !/^\d+$/.test(value.trim())) return undefined;
	return Number(value);
}

export function parseOptions(flags: Flags, input: readonly string[], lessonIds: readonly string[]): Options | {error: string} {
	const unknown = Object.keys(flags).filter(name => !knownFlags.has(name));
	if (unknown.length > 0) {
		return {error: `unknown flag ${unknown.map(name => `--${kebab(name)}`).join(', ')} (see zdd-learn --help)`};
	}

	if (input.length > 0) return {error: `unknown command "${input[0]}" (see zdd-learn --help)`};

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

	const keepAlive = flags['keepAlive'];
	if (keepAlive !== undefined && typeof keepAlive !== 'boolean') {
		return {error: '--keep-alive takes no value'};
	}

	return {lesson: lesson as string | undefined, rate, port, keepAlive: keepAlive === true};
}
