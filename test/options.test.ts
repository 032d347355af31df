import {describe, expect, it, vi} from 'vitest';
import {parseOptions} from '../source/cli/options.js';

const ids = ['close-then-listen'];
const error = (flags: Record<string, unknown>, input: string[] = []) => {
	const result = parseOptions(flags, input, ids);
	return 'error' in result ? result.error : undefined;
};

describe('command-line options', () => {
	it('defaults: a free port, a readable rate, keep-alive off', () => {
		expect(parseOptions({}, [], ids)).toEqual({
			command: 'learn',
			json: false,
			durationMs: undefined,
			strategies: undefined,
			lesson: undefined,
			mode: undefined,
			rate: 100,
			port: 0,
			keepAlive: false,
			seed: undefined,
			reducedMotion: false,
			resetProgress: false,
		});
	});

	it('accepts good values', () => {
		expect(
			parseOptions({rate: '250', port: '3000', keepAlive: true, lesson: 'close-then-listen', mode: 'table', seed: '7'}, [], ids),
		).toMatchObject({lesson: 'close-then-listen', mode: 'table', rate: 250, port: 3000, keepAlive: true, seed: 7});
		expect(parseOptions({}, ['quiz'], ids)).toMatchObject({command: 'quiz', mode: 'quiz'});
		expect(parseOptions({}, [], ids, {ZDD_LEARN_REDUCED_MOTION: '1'})).toMatchObject({reducedMotion: true});
		expect(parseOptions({reducedMotion: true}, [], ids)).toMatchObject({reducedMotion: true});
	});

	it('refuses bad values with one line naming the flag and what it expects', () => {
		expect(error({rate: '-1'})).toMatch(/^--rate expects a whole number .* got "-1"$/);
		expect(error({rate: 'abc'})).toMatch(/^--rate expects .* got "abc"$/);
		expect(error({rate: '5000'})).toMatch(/^--rate expects .*1 to 1000/);
		expect(error({port: '99999'})).toMatch(/^--port expects a port number from 1 to 65535, got "99999"$/);
		expect(error({port: '30.5'})).toMatch(/^--port expects/);
	});

	it('refuses an unknown lesson, listing the lessons', () => {
		expect(error({lesson: 'nope'})).toBe('--lesson: no lesson "nope"; the lessons are: close-then-listen');
	});

	it('refuses an unknown mode, listing the modes', () => {
		expect(error({mode: 'nope'})).toMatch(
			/^--mode: no mode "nope"; the modes are: guided, table, tracker, code, moments, quiz, snapshot, transcript, sandbox$/,
		);
		expect(error({seed: 'x'})).toMatch(/^--seed expects a whole number/);
	});

	it('race: its flags, its default rate, and only with race', () => {
		const strategies = ['close-then-listen', 'drain-politely'];
		expect(parseOptions({json: true, duration: '500', strategies: 'drain-politely'}, ['race'], ids, {}, strategies)).toMatchObject({
			command: 'race',
			json: true,
			durationMs: 500,
			strategies: ['drain-politely'],
			rate: 200,
		});
		expect(error({json: true})).toBe('--json belongs to "zdd-learn race"');
		expect(parseOptions({duration: '50'}, ['race'], ids, {}, strategies)).toMatchObject({
			error: expect.stringMatching(/^--duration expects/),
		});
		expect(parseOptions({strategies: 'x'}, ['race'], ids, {}, strategies)).toMatchObject({
			error: '--strategies: no strategy "x"; the strategies are: close-then-listen, drain-politely',
		});
	});

	it('refuses unknown flags and commands', () => {
		expect(error({fast: true})).toBe('unknown flag --fast (see zdd-learn --help)');
		expect(error({dryRun: true})).toMatch(/--dry-run/);
		expect(error({}, ['deploy'])).toBe('unknown command "deploy" (see zdd-learn --help)');
	});
});

describe('--help before meow loads', () => {
	it('prints exactly what meow prints for the same help and description', async () => {
		const {default: meow} = await import('meow');
		const {helpText, meowHelp} = await import('../source/cli/help.js');
		const description = 'Learn zero-downtime deploys, for real';
		const printed: unknown[] = [];
		const log = vi.spyOn(console, 'log').mockImplementation((text: unknown) => {
			printed.push(text);
		});
		const exit = vi.spyOn(process, 'exit').mockImplementation(() => {
			throw new Error('exit');
		});
		try {
			expect(() => meow(helpText, {importMeta: import.meta, argv: ['--help'], description})).toThrow('exit');
		} finally {
			log.mockRestore();
			exit.mockRestore();
		}

		expect(printed).toEqual([meowHelp(helpText, description)]);
	});
});
