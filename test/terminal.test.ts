import {mkdtemp, readdir, readFile, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {tryConnect} from './helpers.js';
import {killTerminals, runInTerminal} from './run-cli.js';

afterEach(killTerminals);

const keys = {enter: '\r', right: '\u001B[C'};

/** From a lesson: q to the modes, q to the lessons, q quits with exit 0. Returns the lessons screen. */
async function quitFromLesson(term: ReturnType<typeof runInTerminal>): Promise<string> {
	term.send('q');
	await term.waitFor(s => s.includes('Choose how to learn it'), 'the modes');
	term.send('q');
	const lessons = await term.waitFor(s => s.includes('1. Close, then listen'), 'the lessons');
	term.send('q');
	expect(await term.exited).toBe(0);
	return lessons;
}

describe('the built CLI in a real pseudo-terminal', () => {
	it('80×24: menu, a whole lesson on auto-play, the refusals, q to the menu, q exits 0 with nothing listening', async () => {
		const term = runInTerminal(['--rate', '150'], {columns: 80, rows: 24});
		try {
			await term.waitFor(s => s.includes('1. Close, then listen'), 'the menu');
			term.send(keys.enter);
			await term.waitFor(s => s.includes('Choose how to learn it'), 'the modes');
			term.send(keys.enter);
			const first = await term.waitFor(s => /Step 1\/8/.test(s) && /sent [1-9]/.test(s), 'the lesson with traffic');
			const port = Number(/127\.0\.0\.1:(\d+)/.exec(first)?.[1]);
			expect(port).toBeGreaterThan(0);
			const sentAt = (s: string) => Number(/sent (\d+)/.exec(s)?.[1]);
			await term.waitFor(s => sentAt(s) > sentAt(first) + 30, 'the counters to move');
			term.send(keys.right);
			await term.waitFor(s => s.includes('Step 2/8'), 'step 2');
			term.send('a');
			const summary = await term.waitFor(s => s.includes('Summary of this run') && !s.includes('Waiting for'), 'the summary', 25_000);
			expect(Number(/✖ refused (\d+)/.exec(summary)?.[1])).toBeGreaterThan(0);
			expect(summary).toContain('Not zero-downtime');
			// Every line of the screen fits: nothing wrapped past 80 columns.
			for (const line of summary.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
			term.send('q');
			await term.waitFor(s => s.includes('Choose how to learn it'), 'the modes again');
			expect(await tryConnect(port)).toBe('ECONNREFUSED');
			term.send('q');
			await term.waitFor(s => s.includes('1. Close, then listen'), 'the lessons again');
			term.send('q');
			expect(await term.exited).toBe(0);
			expect(await tryConnect(port)).toBe('ECONNREFUSED');
		} finally {
			term.kill();
		}
	});

	it('the quiz in a terminal: letters answer, Enter moves on, the score at the end; --reset-progress asks first', async () => {
		const term = runInTerminal(['quiz', '--seed', '4'], {columns: 80, rows: 24});
		let config = '';
		try {
			for (let i = 1; i <= 6; i++) {
				await term.waitFor(s => s.includes(`question ${i} of 6`) && s.includes('A. '), `question ${i}`);
				term.send('a');
				await term.waitFor(s => /✔ Right\.|✖ Not quite\./.test(s), `the answer to ${i}`);
				term.send(keys.enter);
			}

			const end = await term.waitFor(s => /Score: \d of 6/.test(s), 'the score');
			expect(end).toContain('r try again');
			term.send('q');
			await term.waitFor(s => s.includes('Choose how to learn it'), 'the modes');
			term.send('q');
			await term.waitFor(s => s.includes('1. Close, then listen  (quiz '), 'the lessons with the quiz score');
			term.send('q');
			expect(await term.exited).toBe(0);
			config = term.configDir;
		} finally {
			term.kill();
		}

		const reset = runInTerminal(['--reset-progress'], {columns: 80, rows: 24}, {ZDD_LEARN_CONFIG_DIR: config});
		try {
			await reset.waitFor(s => s.includes('Forget your zdd-learn progress'), 'the question');
			reset.send('n\r');
			await reset.waitFor(s => s.includes('Kept your progress.'), 'the answer');
			expect(await reset.exited).toBe(0);
		} finally {
			reset.kill();
		}
	});

	it('40×12: asks for a bigger terminal instead of drawing a broken screen', async () => {
		const term = runInTerminal(['--lesson', 'close-then-listen'], {columns: 40, rows: 12});
		try {
			await term.waitFor(s => s.replaceAll(/\s+/g, ' ').includes('Make the terminal at least 80×24 (now 40×12)'), 'the too-small message');
			term.send('q');
			await term.waitFor(s => s.replaceAll(/\s+/g, ' ').includes('(now 40×12); q quits'), 'the modes, too small too');
			term.send('q');
			expect(await term.exited).toBe(0);
		} finally {
			term.kill();
		}
	});

	it('NO_COLOR=1: no colour escape codes, the meaning still in symbols and words', async () => {
		// A colour: a foreground or background code, plain or bright.
		const colour = /\u001B\[(?:3\d|4\d|9\d|10\d)(?:;\d+)*m/;
		const term = runInTerminal(['--lesson', 'close-then-listen'], {columns: 80, rows: 24}, {NO_COLOR: '1'});
		try {
			const screen = await term.waitFor(s => /✔ by old [1-9]/.test(s), 'served requests');
			expect(screen).toContain('● listening');
			expect(term.raw()).not.toMatch(colour);
			await quitFromLesson(term);
		} finally {
			term.kill();
		}

		// The control: the same screen without NO_COLOR is in colour, so the check above can fail.
		const coloured = runInTerminal(['--lesson', 'close-then-listen'], {columns: 80, rows: 24});
		try {
			await coloured.waitFor(s => /✔ by old [1-9]/.test(s), 'served requests');
			expect(coloured.raw()).toMatch(colour);
			await quitFromLesson(coloured);
		} finally {
			coloured.kill();
		}
	});
	it('resized mid-deploy: too small says so while the deploy goes on; back to full size, the same run continues', async () => {
		const term = runInTerminal(['--lesson', 'close-then-listen'], {columns: 100, rows: 30});
		try {
			await term.waitFor(s => /Step 1\/8/.test(s) && /sent [1-9]/.test(s), 'the lesson');
			term.send('a');
			const before = await term.waitFor(s => /Step [3-4]\/8/.test(s), 'the deploy under way', 15_000);
			const sentBefore = Number(/sent (\d+)/.exec(before)?.[1]);
			term.resize(40, 12);
			await term.waitFor(s => s.replaceAll(/\s+/g, ' ').includes('(now 40×12)'), 'the too-small message');
			// The terminal stays small for a second of the deploy (a scenario, not a wait for anything).
			await new Promise(resolve => setTimeout(resolve, 1000));
			term.resize(100, 30);
			const after = await term.waitFor(s => /sent \d+/.test(s) && !s.includes('now 40×12'), 'the deploy again');
			// The same run, further on: nothing restarted while the terminal was small.
			expect(Number(/sent (\d+)/.exec(after)?.[1])).toBeGreaterThan(sentBefore);
			const summary = await term.waitFor(s => s.includes('Summary of this run') && !s.includes('Waiting for'), 'the summary', 25_000);
			expect(Number(/✖ refused (\d+)/.exec(summary)?.[1])).toBeGreaterThan(0);
			for (const line of summary.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
			await quitFromLesson(term);
		} finally {
			term.kill();
		}
	});

	it('the quiz at 80×24: after every step the screen holds that frame alone, nothing left over from the one before', async () => {
		const term = runInTerminal(['--lesson', 'close-then-listen', '--mode', 'quiz', '--seed', '3'], {columns: 80, rows: 24});
		/** One quiz header, on the top line, for the question on screen: no frame left a line behind. */
		const whole = (screen: string, question: number | undefined) => {
			const lines = screen.split('\n');
			const headers = lines.filter(line => line.includes('Quiz · Close, then listen'));
			expect(headers, screen).toHaveLength(1);
			expect(lines[0], screen).toContain('Quiz · Close, then listen');
			if (question !== undefined) expect(lines[0], screen).toContain(`question ${question} of`);
			for (const line of lines) expect(line.length, screen).toBeLessThan(80);
		};

		try {
			const count = Number(/question 1 of (\d+)/.exec(await term.waitFor(s => /question 1 of \d+/.test(s), 'question 1'))?.[1]);
			expect(count).toBeGreaterThanOrEqual(5);
			for (let question = 1; question <= count; question++) {
				whole(
					await term.waitFor(s => s.includes(`question ${question} of`) && s.includes('Enter answer'), `question ${question}`),
					question,
				);
				term.send('a');
				whole(await term.waitFor(s => /✔ Right\.|✖ Not quite\./.test(s), `question ${question} answered`), question);
				term.send('\r');
			}

			whole(await term.waitFor(s => /Score: \d+ of \d+/.test(s), 'the score'), undefined);
			term.send('q');
			const modes = await term.waitFor(s => s.includes('Choose how to learn it'), 'the modes');
			expect(modes).not.toContain('Quiz ·');
			for (const line of modes.split('\n')) expect(line.length, modes).toBeLessThan(80);
			term.send('q');
			const menu = await term.waitFor(s => s.includes('1. Close, then listen'), 'the lessons');
			expect(menu).not.toContain('Quiz ·');
			term.send('q');
			expect(await term.exited).toBe(0);
		} finally {
			term.kill();
		}
	});

	it('Ctrl+C in the sandbox, after a few actions: exit 130, no crash, nothing listening', async () => {
		const term = runInTerminal(['--lesson', 'close-then-listen', '--mode', 'sandbox'], {columns: 100, rows: 30});
		try {
			await term.waitFor(s => s.includes('Picked: old server'), 'the sandbox');
			term.send('1');
			const listening = await term.waitFor(s => /✔ old listen\(\): listening on 127\.0\.0\.1:\d+/.test(s), 'old listening');
			const port = Number(/127\.0\.0\.1:(\d+)/.exec(listening)?.[1]);
			term.send('t');
			await term.waitFor(s => /✔ by old [1-9]/.test(s), 'the load');
			term.send('h');
			await term.waitFor(s => s.includes('✔ old fault: handler hangs'), 'the fault');
			term.send('\u0003');
			expect(await term.exited).toBe(130);
			expect(term.raw()).not.toContain('unexpected error');
			expect(await tryConnect(port)).toBe('ECONNREFUSED');
		} finally {
			term.kill();
		}
	});

	it('a damaged progress file: the menu says it was kept aside, and progress is saved afresh', async () => {
		const config = await mkdtemp(path.join(os.tmpdir(), 'zdd-damaged-'));
		await writeFile(path.join(config, 'progress.json'), '{"version": 1, "lessons": {');
		const term = runInTerminal([], {columns: 100, rows: 30}, {ZDD_LEARN_CONFIG_DIR: config});
		try {
			const menu = await term.waitFor(s => s.includes('1. Close, then listen'), 'the menu');
			expect(menu.replaceAll(/\s+/g, ' ')).toMatch(/⚠ your progress file was damaged; it is kept as .*progress\.json\.corrupt-/);
			term.send('\r');
			await term.waitFor(s => s.includes('Choose how to learn it'), 'the modes');
			term.send('\r');
			await term.waitFor(s => /Step 1\/8/.test(s), 'the lesson');
			await quitFromLesson(term);
			const files = await readdir(config);
			expect(files.some(name => name.startsWith('progress.json.corrupt-'))).toBe(true);
			const saved = JSON.parse(await readFile(path.join(config, 'progress.json'), 'utf8')) as {last?: {lesson: string}};
			expect(saved.last?.lesson).toBe('close-then-listen');
		} finally {
			term.kill();
			await rm(config, {recursive: true, force: true});
		}
	});

	it('a config directory that cannot be written: the lesson runs, and the menu says progress is not being saved', async () => {
		const parent = await mkdtemp(path.join(os.tmpdir(), 'zdd-unwritable-'));
		await writeFile(path.join(parent, 'a-file'), 'not a directory');
		const term = runInTerminal([], {columns: 100, rows: 30}, {ZDD_LEARN_CONFIG_DIR: path.join(parent, 'a-file', 'config')});
		try {
			await term.waitFor(s => s.includes('1. Close, then listen'), 'the menu');
			term.send('\r');
			await term.waitFor(s => s.includes('Choose how to learn it'), 'the modes');
			term.send('\r');
			await term.waitFor(s => /Step 1\/8/.test(s) && /✔ by old [1-9]/.test(s), 'the lesson, serving');
			const menu = await quitFromLesson(term);
			expect(menu.replaceAll(/\s+/g, ' ')).toMatch(/⚠ progress is not being saved: .*a-file\/config is not writable \((ENOTDIR|EEXIST)\)/);
		} finally {
			term.kill();
			await rm(parent, {recursive: true, force: true});
		}
	});
});
