import {mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, describe, expect, it} from 'vitest';
import {eventually, gone} from './helpers.js';
import {killTerminals, runInTerminal} from './run-cli.js';

afterEach(killTerminals);

type Terminal = ReturnType<typeof runInTerminal>;

const keys = {up: '\u001B[A', down: '\u001B[B', enter: '\r'};
const exerciseDir = mkdtempSync(path.join(os.tmpdir(), 'zdd-exit-exercise-'));
afterAll(() => {
	rmSync(exerciseDir, {recursive: true, force: true});
});

/** Every process under `pid`, children of children included (a verified app under its wrapper). */
function descendants(pid: number): number[] {
	const parents = new Map<number, number[]>();
	for (const name of readdirSync('/proc').filter(entry => /^\d+$/.test(entry))) {
		try {
			// The parent is the fourth field of stat, after the command in parentheses (which may hold spaces).
			const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
			const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
			parents.set(parent, [...(parents.get(parent) ?? []), Number(name)]);
		} catch {
			// Gone while we looked.
		}
	}

	const found: number[] = [];
	const visit = (at: number) => {
		for (const child of parents.get(at) ?? []) {
			found.push(child);
			visit(child);
		}
	};

	visit(pid);
	return found;
}

type Scene = {
	screen: string;
	args: string[];
	/** From the CLI's first frame to the screen under test, which it waits for. */
	reach: (term: Terminal) => Promise<unknown>;
};

const fixture = path.resolve('test/fixtures/verify/no-shutdown.js');

/** Every screen, reached as a learner would reach it, in the middle of what it does. */
const scenes: Scene[] = [
	{screen: 'the menu', args: [], reach: async term => term.waitFor(s => s.includes('1. Close, then listen'), 'the menu')},
	{
		screen: 'the list of ways to learn a lesson',
		args: [],
		async reach(term) {
			await term.waitFor(s => s.includes('1. Close, then listen'), 'the menu');
			term.send('1');
			return term.waitFor(s => s.includes('Choose how to learn it'), 'the ways to learn it');
		},
	},
	{screen: 'the quiz', args: ['quiz'], reach: async term => term.waitFor(s => /question 1 of \d/.test(s), 'the quiz')},
	{
		screen: "a key moment's replay",
		args: ['--lesson', 'close-then-listen', '--mode', 'moments'],
		async reach(term) {
			await term.waitFor(s => s.includes('Step 3: Why can'), 'the key moments');
			term.send(keys.enter);
			return term.waitFor(s => /Step \d\/8/.test(s) && /sent [1-9]/.test(s), 'the replay under way');
		},
	},
	{
		screen: 'a comparison of two ways',
		args: ['--lesson', 'blue-green-proxy', '--mode', 'moments'],
		async reach(term) {
			await term.waitFor(s => s.includes('❯ Step 3'), 'the key moments');
			term.send(keys.down);
			await term.waitFor(s => s.includes('v runs'), 'the moment about another way');
			term.send('v');
			return term.waitFor(
				s => s.includes('beside: Flip, then closeAllConnections()') && /\d+ +\d+ +\d+/.test(s),
				'the two deploys under way',
			);
		},
	},
	{
		screen: 'the race',
		args: ['race'],
		reach: async term => term.waitFor(s => s.includes('strategy') && /sent [1-9]/.test(s), 'the race under way'),
	},
	{
		// The terminal is not raw yet: Ctrl+C is a SIGINT to the CLI and everything in its group.
		screen: 'an exercise, as its starter is written',
		args: ['exercise', 'handle-the-signal', '--dir', exerciseDir],
		reach: async term => term.waitFor(s => s.includes('server.js'), 'the starter written'),
	},
	{
		screen: 'an exercise, checking the file',
		args: ['exercise', 'handle-the-signal', '--dir', exerciseDir],
		reach: async term => term.waitFor(s => s.includes('Fix it yourself') && s.includes('r check'), 'the exercise screen'),
	},
	{
		screen: 'Check your own server, deploying',
		args: [],
		async reach(term) {
			await term.waitFor(s => s.includes('1. Close, then listen'), 'the menu');
			term.send(keys.up);
			term.send(keys.up);
			await term.waitFor(s => s.includes('❯ ⚙ Check your own server'), 'the item');
			term.send(keys.enter);
			await term.waitFor(s => s.includes('The file that starts your app'), 'the prompt');
			term.send(fixture);
			term.send(keys.enter);
			return term.waitFor(s => s.includes('deploying') && /sent [1-9]/.test(s), 'the deploy under way');
		},
	},
	{
		screen: 'the reset prompt',
		args: ['--reset-progress'],
		reach: async term => term.waitFor(s => s.includes('Forget your zdd-learn progress'), 'the question'),
	},
];

const endings = [
	{name: 'Ctrl+C', code: 130, end: (term: Terminal) => term.send('\u0003')},
	{name: 'SIGTERM', code: 143, end: (term: Terminal) => process.kill(term.cliPid()!, 'SIGTERM')},
];

/**
 * Ctrl+C and SIGTERM on every screen, in a real pseudo-terminal: the CLI ends with its code, every
 * process it started (servers' workers, a verified app, an exercise's server) is gone, and the
 * terminal is back in cooked mode.
 */
describe.runIf(process.platform === 'linux')('Ctrl+C and SIGTERM on every screen leave nothing behind', () => {
	for (const scene of scenes) {
		for (const ending of endings) {
			it(`${scene.screen}: ${ending.name}, exit ${ending.code}`, async () => {
				const term = runInTerminal(scene.args, {columns: 100, rows: 30}, {}, {probe: true});
				try {
					await scene.reach(term);
					const cli = term.cliPid()!;
					const started = descendants(cli);
					ending.end(term);
					const after = await term.waitFor(() => term.raw().includes('PROBE-END'), 'the CLI to end', 10_000);
					const raw = term.raw();
					expect(Number(/EXIT=(\d+)/.exec(raw)?.[1]), after).toBe(ending.code);
					expect(gone(cli)).toBe(true);
					await eventually(() => started.every(pid => gone(pid)), `its processes ${started.join(', ')} to be gone`, 5000);
					expect(raw).not.toContain('unexpected error');
					const stty = raw.slice(raw.indexOf('EXIT='));
					expect(stty).toMatch(/(?<!-)icanon/);
					expect(stty).toMatch(/(?<![-\w])echo(?!\w)/);
				} finally {
					term.kill();
				}
			}, 40_000);
		}
	}
});
