import {mkdtemp, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import type {ModeId} from '../source/lessons/modes.js';
import {ProgressStore} from '../source/progress/store.js';
import {hintText} from '../source/ui/screens/Quiz.js';
import {sliceChar} from '../source/lessons/timeline.js';
import {pressMarks, raisedKey} from '../source/ui/widgets/SandboxTimeline.js';
import {cleanupApps, keys, lessons, renderApp} from './render-app.js';

afterEach(cleanupApps);

const lesson = lessons[0]!;
const inMode = (mode: ModeId, extra: Parameters<typeof renderApp>[0] = {}) =>
	renderApp({initial: {name: 'mode', lesson: lesson.id, mode}, ...extra});

/** The sandbox with the old server listening and the load running. */
async function sandboxServing() {
	const ui = inMode('sandbox');
	await ui.waitFor(f => f.includes('Picked: old server'), 'the sandbox');
	await ui.press('1');
	await ui.waitFor(f => f.includes('✔ old listen(): listening on'), 'old listening');
	await ui.press('t');
	await ui.waitFor(f => /✔ by old [1-9]/.test(f), 'old serving');
	return ui;
}

/** The compare screen's finished results: each strategy's table row and headline agree, and its claim is judged by them. */
/** Checks each row's figures against its verdict; gives each row's failures, in order. */
function checkComparison(frame: string, names: Array<readonly [title: string, short: string]>): number[] {
	const failures: number[] = [];
	for (const [title, short] of names) {
		// Its title where the column has room for it, else its short name.
		const name = frame.includes(`\n${title} `) ? title : short;
		const row = new RegExp(
			`^${name.replaceAll(/[+()]/g, String.raw`\$&`)} +(\\d+) +(\\d+) +(\\d+) +(\\d+) +(\\d+) +(\\d+) +(\\d+) .*(✔ zero|✖ drops)$`,
			'm',
		).exec(frame);
		expect(row, `${name}'s row in\n${frame}`).not.toBeNull();
		const [sent, old, fresh, refused, reset, status5xx, timeout] = row!.slice(1, 8).map(Number) as [
			number,
			number,
			number,
			number,
			number,
			number,
			number,
		];
		const failed = refused + reset + status5xx + timeout;
		failures.push(failed);
		expect(sent).toBeGreaterThanOrEqual(old + fresh + failed);
		expect(row![8]).toBe(failed === 0 ? '✔ zero' : '✖ drops');
		expect(frame).toContain(
			failed === 0
				? `✔ Zero-downtime in this run: 0 of ${sent} requests failed`
				: `✖ Not zero-downtime in this run: ${failed} of ${sent} requests failed`,
		);
	}

	return failures;
}

describe('every way to learn the lesson', () => {
	it('execution table: each step fills its measured row, the refusals at the handoff marked as predicted', async () => {
		const ui = inMode('table');
		const first = await ui.waitFor(f => /measured +listening +not started +\d+ by old/.test(f), 'step 1 measured');
		expect(first).toContain('not performed yet');
		for (const step of [2, 3, 4, 5, 6]) {
			await ui.press(keys.right);
			await ui.waitFor(f => f.includes(`Step ${step}/8`) || new RegExp(`▶. ${step} `).test(f), `step ${step}`);
		}

		// Step 5 is marked once it has ended (while it runs, its counts are not final): at step 6.
		// The lesson predicts its refusals: a ✔, never a ✖, and the expected row names the failure.
		await ui.waitFor(f => /measured +closed +error +\d+ refused/.test(f), 'the refusals at step 5');
		await ui.press(keys.left);
		const five = await ui.waitFor(f => /▶✔ 5 /.test(f), 'step 5, recorded');
		expect(five).toMatch(/closed +error +refused/);
		expect(five).toMatch(/✔ step 5, as predicted: \d+ refused/);
		// No step is marked ✖ (a ✖ beside a server in error or a non-zero counter is a glyph, not a mark).
		expect(five).not.toMatch(/^[ ▶]✖ \d /m);
	});

	it('variable tracker: the checkpoint columns fill as the deploy passes them', async () => {
		const ui = inMode('tracker');
		await ui.waitFor(f => f.includes('Start') && f.includes('After 3'), 'the tracker');
		await ui.waitFor(f => /measured +✔ not start/.test(f), 'the start column measured');
		for (const step of [2, 3, 4]) {
			await ui.press(keys.right);
			await ui.waitFor(f => f.includes(`Step ${step}/8`), `step ${step}`);
		}

		// The "After 3" column is marked once step 3 has ended.
		await ui.waitFor(f => /measured +✔ not start\S* +✔ error/.test(f), 'the new server in error after step 3');
	});

	it('code walk: the line being executed is marked, with the step note', async () => {
		const ui = inMode('code');
		await ui.waitFor(f => /▶ +8 oldServer\.listen\(3000\);/.test(f), 'step 1 on line 8');
		await ui.press(keys.right);
		await ui.waitFor(f => f.includes('Step 2/8'), 'step 2');
		await ui.press(keys.right);
		// The line is marked when the step starts; the engine's line comes when it has been performed.
		const three = await ui.waitFor(
			f => /▶ +12 newServer\.listen\(3000\);/.test(f) && /engine: (?!working)/.test(f),
			'step 3 on line 12, performed',
		);
		expect(three).toContain(lesson.steps[2]!.note.slice(0, 40));
		expect(three).toMatch(/engine: listen\(\d+\) failed: EADDRINUSE/);
	});

	it('key moments: choosing one replays the deploy on fresh servers to its step and explains it there', async () => {
		const ui = inMode('moments');
		await ui.waitFor(f => f.includes('Step 3: Why can'), 'the list');
		await ui.press(keys.down);
		await ui.press(keys.enter);
		const replayed = await ui.waitFor(
			f => f.includes('Step 5/8') && !f.includes('performing') && !f.includes('auto-playing'),
			'the replay to step 5',
			15_000,
		);
		expect(replayed).toContain('★ Key moment · How does the old server avoid dropping');
		expect(Number(/✖ refused (\d+)/.exec(replayed)?.[1])).toBeGreaterThan(0);
		await ui.press('q');
		await ui.waitFor(f => f.includes('Key moments ·'), 'back to the list');
	});

	it('snapshot: the five lines', async () => {
		const ui = inMode('snapshot');
		const frame = await ui.waitFor(f => f.includes('Snapshot'), 'the snapshot');
		for (const [i, line] of lesson.snapshot.entries()) expect(frame.replaceAll(/\s+/g, ' ')).toContain(`${i + 1}. ${line}`);
	});

	it('transcript: wrapped and scrollable', async () => {
		const ui = inMode('transcript');
		const top = await ui.waitFor(f => f.includes('Transcript'), 'the transcript');
		expect(top).toContain('(lines 1–');
		expect(top.split('\n').every(line => line.length <= 100)).toBe(true);
		await ui.press(keys.end);
		const end = await ui.waitFor(f => !f.includes('(lines 1–'), 'the end');
		expect(end.replaceAll(/\s+/g, ' ')).toContain('rather than cutting them off');
		await ui.press(keys.home);
		await ui.waitFor(f => f.includes('(lines 1–'), 'the top again');
	});

	it('key moments: v on a moment about another way runs it beside the lesson on fresh servers, measured, and q comes back to that moment', async () => {
		const blueGreen = lessons.find(l => l.id === 'blue-green-proxy')!;
		const ui = renderApp({initial: {name: 'mode', lesson: blueGreen.id, mode: 'moments'}});
		await ui.waitFor(f => f.includes('❯ Step 3'), 'the key moments');
		expect(ui.frame()).not.toContain('v compare');
		await ui.press(keys.down);
		await ui.waitFor(
			f => f.includes('v runs “Flip, then closeAllConnections()” beside this lesson'),
			'the moment about closeAllConnections()',
		);
		await ui.press('v');
		const done = await ui.waitFor(f => f.includes('r again'), 'both deploys measured', 20_000);
		expect(done).toContain('Blue/green behind a proxy, beside: Flip, then closeAllConnections()');
		const [blueGreenFailed, cutAllFailed] = checkComparison(done, [
			['Blue/green behind a proxy', 'blue/green'],
			['Flip, then closeAllConnections()', 'flip, cut all'],
		]);
		// What the lesson says of each, judged by this run's counts (flip, cut all claims failures; blue/green none).
		expect(done).toContain(`The lesson says it drops none · this run ${blueGreenFailed === 0 ? 'agrees' : 'disagrees'}`);
		expect(done).toContain(`The lesson says it drops requests · this run ${cutAllFailed! > 0 ? 'agrees' : 'disagrees'}`);
		await ui.press('q');
		await ui.waitFor(f => f.includes('❯ Step 4'), 'the same moment again');
	});

	it('sandbox: an action that cannot apply is refused, the same way for every action, in plain words', async () => {
		const ui = inMode('sandbox');
		await ui.waitFor(f => f.includes('Picked: old server'), 'the sandbox');
		// Lesson 1's own actions are 1 listen(), 2 close(), 3 drain, 4 stop; the faults are e, h, x.
		expect(ui.frame()).toContain('Actions 1 listen() · 2 close() · 3 drain · 4 stop · e throws · h hangs · x crash');
		for (const [key, words] of [
			['2', 'close()'],
			['3', 'drain'],
			['4', 'stop'],
			['x', 'crash'],
			['e', 'fault: handler throws'],
		] as const) {
			await ui.press(key);
			await ui.waitFor(f => f.includes(`✖ old ${words}: the old server has not started: nothing to do`), `${key} refused`);
		}

		expect(ui.frame()).not.toMatch(/✔ old/);
		expect(ui.frame()).not.toContain('stop-accepting');
	});

	it('sandbox: listen, load, close, and the counters show the refusals', async () => {
		const ui = await sandboxServing();
		// A drain of a server still taking connections would never end: refused, not waited out.
		await ui.press('3');
		await ui.waitFor(f => f.includes('✖ old drain: old still takes new connections: a drain would never end'), 'the drain refused');
		await ui.press('2');
		await ui.waitFor(f => /✖ refused [1-9]/.test(f), 'refusals after close');
		await ui.press('n');
		await ui.press('1');
		await ui.waitFor(f => /✔ by new [1-9]/.test(f), 'new serving');
		await ui.press('+');
		await ui.waitFor(f => f.includes('400/s'), 'the rate doubled');
	});

	it("sandbox of blue/green: the lesson's own actions (proxy, flip), its versions' names, and a flip to a version that never listened refused", async () => {
		const blueGreen = lessons.find(l => l.id === 'blue-green-proxy')!;
		const ui = renderApp({initial: {name: 'mode', lesson: blueGreen.id, mode: 'sandbox'}});
		await ui.waitFor(f => f.includes('Picked: blue server'), 'the sandbox');
		expect(ui.frame()).toMatch(/1 proxy \+ listen · 2 listen \(own port\) · 3 flip/);
		await ui.press('n');
		await ui.waitFor(f => f.includes('Picked: green server'), 'green picked');
		await ui.press('3');
		await ui.waitFor(f => f.includes('✖ green flip: green has never listened: no address to send requests to'), 'the flip refused');
		await ui.press('o');
		await ui.waitFor(f => f.includes('Picked: blue server'), 'blue picked');
		await ui.press('1');
		await ui.waitFor(f => /✔ by blue [1-9]/.test(f), 'blue serving behind the proxy');
		await ui.press('n');
		await ui.waitFor(f => f.includes('Picked: green server'), 'green picked');
		await ui.press('2');
		await ui.waitFor(f => /✔ green listen \(own port\): green listens on its own port \d+/.test(f), 'green listening');
		await ui.press('3');
		await ui.waitFor(f => f.includes('✔ green flip: the proxy now sends every new request to green'), 'the flip');
		await ui.waitFor(f => /✔ by green [1-9]/.test(f), 'green serving');
		expect(ui.frame()).not.toMatch(/\b(old|new) server\b/);
	});

	it('sandbox: under the timeline, each action is marked by the key pressed for it, raised, never by a step number or an outcome mark', async () => {
		const blueGreen = lessons.find(l => l.id === 'blue-green-proxy')!;
		const ui = renderApp({initial: {name: 'mode', lesson: blueGreen.id, mode: 'sandbox'}});
		await ui.waitFor(f => f.includes('Picked: blue server'), 'the sandbox');
		// The legend: the keys, faults included, each with what it does.
		expect(ui.frame().replaceAll(/\s*\n\s*/g, ' · ')).toContain(
			'Actions 1 proxy + listen · 2 listen (own port) · 3 flip · 4 drain politely · 5 stop · 6 closeAllConnections() · e throws · h hangs · x crash',
		);
		await ui.press('1');
		await ui.waitFor(f => /✔ by blue [1-9]/.test(f), 'blue serving behind the proxy');
		await ui.press('n');
		await ui.waitFor(f => f.includes('Picked: green server'), 'green picked');
		await ui.press('2');
		await ui.waitFor(f => f.includes('² ✔ green listen (own port)'), 'green listening');
		await ui.press('3');
		await ui.waitFor(f => /✔ by green [1-9]/.test(f), 'green serving');
		await ui.press('o');
		await ui.waitFor(f => f.includes('Picked: blue server'), 'blue picked');
		// The fourth action, on key 5: its marker is ⁵, never 4 (its place) nor 5 (the 5xx mark).
		await ui.press('5');
		const stopped = await ui.waitFor(f => f.includes('⁵ ✔ blue stop: blue server stopped;'), 'blue stopped');
		const pressed = stopped.split('\n').find(line => line.startsWith(' pressed '))!;
		const marks = pressed
			.slice(' pressed '.length)
			.split(/ {3,}\d/)[0]!
			.replaceAll(' ', '');
		expect(marks.startsWith('¹'), pressed).toBe(true);
		expect(
			[...marks].every(char => '¹²³⁵'.includes(char)),
			pressed,
		).toBe(true);
		for (const mark of Object.values(sliceChar)) if (mark !== ' ') expect(marks).not.toContain(mark);
		// The cut connections, by what was on them at the cut: the reason there were no failures, when that is what was measured.
		expect(stopped).toMatch(
			/blue server stopped; (\d+ idle keep-alive connection\(s\) cut, no\s+request on them|\d+ connection\(s\) cut(: .*)?)/,
		);
	});

	it('the raised keys are no outcome mark, and in one cell the first press keeps it', () => {
		for (const key of Object.values(raisedKey)) expect(Object.values(sliceChar)).not.toContain(key);
		const strip = {cellMs: 100, cells: [], slices: Array.from({length: 10}, () => 'none' as const)};
		expect(
			pressMarks(strip, [
				{key: '1', at: 0},
				{key: '5', at: 250},
				{key: 'x', at: 260},
				{key: 'e', at: 900},
			]),
		).toBe('¹ ⁵      ᵉ');
	});

	it('sandbox faults: a throwing handler shows as 5xx, a hung one as timeouts, a crash as refusals; r starts over clean', async () => {
		const ui = await sandboxServing();
		await ui.press('e');
		await ui.waitFor(f => f.includes('✔ old fault: handler throws: the old handler throws on its next 5 requests'), 'the fault injected');
		await ui.waitFor(f => f.includes('✖ 5xx 5'), 'five 500s counted');
		await ui.press('h');
		await ui.waitFor(f => /⏱ timeout 3/.test(f), 'three timeouts', 5000);
		await ui.press('x');
		await ui.waitFor(f => /✔ old crash: old crashed: its listener and \d+ connection/.test(f), 'the crash logged');
		await ui.waitFor(f => /✖ refused [1-9]/.test(f), 'refusals after the crash');
		await ui.press('r');
		const fresh = await ui.waitFor(f => f.includes('Nothing yet.'), 'a fresh sandbox');
		expect(fresh).toMatch(/sent 0 /);
		expect(fresh).not.toContain('5xx');
	});
});

describe('the quiz mode', () => {
	it('answers by letter, explains with a figure from the last run, scores, and remembers the best score', async () => {
		const dir = await mkdtemp(path.join(os.tmpdir(), 'zdd-quiz-'));
		const store = new ProgressStore(dir);
		const lastRun = {
			at: '',
			// 40 requests a step, all answered but step 5's, of which 37 were refused: every request in one outcome.
			sent: 320,
			failed: 37,
			auto: true,
			steps: Array.from({length: 8}, (_, i) => ({
				sent: 40,
				old: i === 4 ? 3 : 40,
				new: 0,
				refused: i === 4 ? 37 : 0,
				reset: 0,
				timeout: 0,
				status5xx: 0,
				other: 0,
				durationMs: 5,
			})),
		};
		try {
			const ui = inMode('quiz', {store, seed: 5, progress: {version: 1, lessons: {[lesson.id]: {completed: true, lastRun}}}});
			for (const [i, question] of lesson.quiz.entries()) {
				const frame = await ui.waitFor(f => f.includes(`question ${i + 1} of`), `question ${i + 1}`);
				if (i === 0) {
					await ui.press('h');
					const hint = await ui.waitFor(f => f.includes('Hint'), 'the hint');
					expect(hint.replaceAll(/\s+/g, ' ')).toContain(hintText(question));
					expect(hint).toContain('p to replay');
					// "At which step…?": the hint points at the step without naming its number, which is the answer.
					if (/which step/i.test(question.question))
						expect(hintText(question)).not.toMatch(new RegExp(`step ${question.hint.step}\\b`, 'i'));
				}

				// Answer with the letter of the right option.
				const letter = /([A-F])\. (.*)/g;
				const options = [...frame.matchAll(letter)].map(match => [match[1]!, match[2]!] as const);
				const right = options.find(([, text]) => question.answer.startsWith(text.trim().replace(/…$/, '')))!;
				await ui.press(right[0].toLowerCase());
				const answered = await ui.waitFor(f => f.includes('✔ Right.'), `the answer to ${i + 1}`);
				if (question.figure?.measure === 'refused')
					expect(answered).toContain('In your run, 37 requests were refused during step 5, in which 40 were sent.');
				await ui.press(keys.enter);
			}

			await ui.waitFor(f => f.includes(`Score: ${lesson.quiz.length} of ${lesson.quiz.length}`), 'the score');
			expect(store.load().progress.lessons[lesson.id]?.quiz).toEqual({best: lesson.quiz.length, of: lesson.quiz.length, attempts: 1});
			await ui.press('r');
			await ui.waitFor(
				f => f.includes(`attempt 2 · best ${lesson.quiz.length}/${lesson.quiz.length} · question 1 of`),
				'a second attempt, with the best so far',
			);
		} finally {
			await rm(dir, {recursive: true, force: true});
		}
	});

	it('the hint offers a replay of its step, and q from the replay comes back to the same question', async () => {
		const ui = inMode('quiz', {seed: 1});
		await ui.waitFor(f => f.includes('question 1 of'), 'question 1');
		await ui.press('h');
		await ui.press('p');
		await ui.waitFor(f => f.includes('Step 4/8') && !f.includes('auto-playing') && !f.includes('performing'), 'the replay', 15_000);
		await ui.press('q');
		const back = await ui.waitFor(f => f.includes('question 1 of'), 'the quiz again');
		expect(back).toContain('Hint: ');
		expect(back).not.toContain('Hint · step 4');
	});

	it('after a replay the explanation quotes the replay just watched, and a hint about keep-alive replays with keep-alive', async () => {
		const dir = await mkdtemp(path.join(os.tmpdir(), 'zdd-quiz-replay-'));
		// An earlier run on record: 37 of 40 refused at step 5. The explanation must not quote it after a replay.
		const steps = Array.from({length: 8}, (_, i) => ({
			...{sent: 40, old: i === 4 ? 3 : 40, new: 0, refused: i === 4 ? 37 : 0},
			...{reset: 0, timeout: 0, status5xx: 0, other: 0, durationMs: 5},
		}));
		const lastRun = {at: '', sent: 320, failed: 37, auto: true, steps};
		const refusedAt = lesson.quiz.findIndex(q => q.figure?.measure === 'refused');
		const keepAliveAt = lesson.quiz.findIndex(q => q.hint.keepAlive);
		expect(refusedAt).toBeGreaterThanOrEqual(0);
		expect(keepAliveAt).toBeGreaterThan(refusedAt);
		try {
			const ui = inMode('quiz', {
				store: new ProgressStore(dir),
				seed: 5,
				progress: {version: 1, lessons: {[lesson.id]: {completed: true, lastRun}}},
			});
			for (let i = 0; i <= keepAliveAt; i++) {
				await ui.waitFor(f => f.includes(`question ${i + 1} of`), `question ${i + 1}`);
				if (i === refusedAt || i === keepAliveAt) {
					await ui.press('h');
					const hint = await ui.waitFor(f => f.includes('Hint'), 'the hint');
					if (i === keepAliveAt)
						expect(hint.replaceAll(/\s+/g, ' ')).toContain('Press p to replay the deploy to step 5 with keep-alive clients.');
					await ui.press('p');
					const replay = await ui.waitFor(
						f => f.includes('Step ') && !f.includes('auto-playing') && !f.includes('performing'),
						'the replay',
						20_000,
					);
					expect(replay).toContain(i === keepAliveAt ? 'keep-alive on' : 'keep-alive off');
					await ui.press('q');
					await ui.waitFor(f => f.includes(`question ${i + 1} of`), 'the quiz again');
				}

				await ui.press('a');
				const answered = await ui.waitFor(f => f.includes('Right.') || f.includes('Not quite.'), `answer ${i + 1}`);
				if (i === refusedAt) {
					const figure = answered.replaceAll(/\s+/g, ' ');
					const quoted =
						/In the replay you just watched(?: \(step 5 was still on[^)]*\))?, (\d+) requests? (?:was|were) refused during step 5, in which \d+ (?:was|were) sent\./.exec(
							figure,
						);
					expect(quoted, figure).not.toBeNull();
					// The replay refuses what arrives while the old server drains: not the 37 on record.
					expect(Number(quoted![1])).toBeGreaterThan(0);
					expect(figure).not.toContain('In your run');
				}

				await ui.press(keys.enter);
			}
		} finally {
			await rm(dir, {recursive: true, force: true});
		}
	});

	it("a hint about another way replays that way beside the lesson (lesson 4's 502 question: closeAllConnections())", async () => {
		const blueGreen = lessons.find(l => l.id === 'blue-green-proxy')!;
		const index = blueGreen.quiz.findIndex(q => q.hint.contrast === 'flip-close-all');
		expect(index).toBeGreaterThanOrEqual(0);
		const ui = renderApp({initial: {name: 'mode', lesson: blueGreen.id, mode: 'quiz'}, seed: 1});
		for (let i = 0; i < index; i++) {
			await ui.waitFor(f => f.includes(`question ${i + 1} of`), `question ${i + 1}`);
			await ui.press('a');
			await ui.waitFor(f => f.includes('Right.') || f.includes('Not quite.'), `answer ${i + 1}`);
			await ui.press(keys.enter);
		}

		await ui.waitFor(f => f.includes(`question ${index + 1} of`), 'the 502 question');
		await ui.press('h');
		await ui.waitFor(
			f => f.replaceAll(/\s+/g, ' ').includes('Press p to run “Flip, then closeAllConnections()” beside the lesson'),
			'the hint',
		);
		await ui.press('p');
		const done = await ui.waitFor(f => f.includes('r again'), 'both deploys measured', 20_000);
		checkComparison(done, [
			['Blue/green behind a proxy', 'blue/green'],
			['Flip, then closeAllConnections()', 'flip, cut all'],
		]);
		await ui.press('q');
		await ui.waitFor(f => f.includes(`question ${index + 1} of`), 'the same question again');
	});
});

describe('progress', () => {
	it('a finished deploy marks the lesson done and keeps the run; the menu offers to resume', async () => {
		const dir = await mkdtemp(path.join(os.tmpdir(), 'zdd-run-'));
		const store = new ProgressStore(dir);
		try {
			const ui = inMode('guided', {store});
			await ui.waitFor(f => f.includes('Step 1/8'), 'step 1');
			await ui.press('a');
			await ui.waitFor(f => f.includes('Summary of this run') && !f.includes('Waiting for'), 'the summary', 20_000);
			await ui.waitFor(() => store.load().progress.lessons[lesson.id]?.completed === true, 'the save');
			const saved = store.load().progress;
			expect(saved.lessons[lesson.id]!.lastRun!.steps[4]!.refused).toBeGreaterThan(0);
			expect(saved.last).toEqual({lesson: lesson.id, mode: 'guided', step: 7});
			// The summary's "What fixes it" are links, and v runs the lesson's other way beside it.
			const summary = ui.frame();
			expect(summary).toContain('1 → Never close the door');
			expect(summary).toMatch(/v compare +1–2 next lesson/);
			await ui.press('v');
			const compared = await ui.waitFor(f => f.includes('r again'), 'the comparison', 20_000);
			checkComparison(compared, [
				['Close, then listen', 'close, listen'],
				['close(), then listen() at once, not in the callback', 'close+listen now'],
			]);
			await ui.press('q');
			await ui.waitFor(f => f.includes('Summary of this run'), 'the summary again');
			await ui.press('1');
			await ui.waitFor(f => f.includes('Never close the door') && f.includes('Choose how to learn it'), 'the next lesson');
			cleanupApps();

			const again = renderApp({store, progress: store.load().progress});
			const menu = await again.waitFor(f => f.includes('↺ Resume'), 'the menu, with its list');
			expect(menu).toContain('↺ Resume: Close, then listen · Guided deploy · step 8');
			expect(menu).toContain('1. Close, then listen  (✔ done)');
			await again.press(keys.enter);
			await again.waitFor(
				f => f.includes('Step 8/8') && !f.includes('auto-playing') && !f.includes('performing'),
				'resumed at step 8',
				20_000,
			);
		} finally {
			await rm(dir, {recursive: true, force: true});
		}
	});
});
