import net from 'node:net';
import {afterEach, describe, expect, it} from 'vitest';
import {Lab} from '../source/engine/index.js';
import {runPlain} from '../source/cli/plain.js';
import {mkdtemp, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {emptyProgress, ProgressStore} from '../source/progress/store.js';
import type {ModeId} from '../source/lessons/modes.js';
import {render} from 'ink-testing-library';
import DeployScreen from '../source/ui/screens/DeployScreen.js';
import {KeysProvider, useKeys} from '../source/ui/hooks/keys.js';
import {cleanupApps, keys, lessons, renderApp} from './render-app.js';

afterEach(cleanupApps);

function start(initialLesson?: string, mode: ModeId = 'guided') {
	return renderApp({initial: initialLesson ? {name: 'mode', lesson: initialLesson, mode} : undefined});
}

const sent = (frame: string) => Number(/sent (\d+)/.exec(frame)?.[1] ?? Number.NaN);

describe('the lesson screen', () => {
	it('performs step 1 on entry and its counters move', async () => {
		const ui = start('close-then-listen');
		await ui.waitFor(f => f.includes('Step 1/8') && f.includes('● listening'), 'the old server listening');
		const first = sent(await ui.waitFor(f => sent(f) > 0, 'requests sent'));
		const later = await ui.waitFor(f => sent(f) > first + 20, 'more requests');
		expect(later).toMatch(/✔ by old \d+/);
		expect(later).toMatch(/handled by old/);
	});

	it('→ advances onto the real servers, the key moment appears at its step, ← shows a recording', async () => {
		const ui = start('close-then-listen');
		await ui.waitFor(f => f.includes('Step 1/8'), 'step 1');
		await ui.press(keys.right);
		await ui.waitFor(f => f.includes('Step 2/8'), 'step 2');
		expect(ui.frame()).not.toContain('Key moment');
		await ui.press(keys.right);
		// Step 3 is on screen as soon as it starts; its listen() fails when the step has been performed.
		const three = await ui.waitFor(f => f.includes('Step 3/8') && f.includes('✖ error EADDRINUSE'), 'step 3 performed');
		expect(three).toContain('Key moment');
		expect(three).toContain('✖ error EADDRINUSE');
		await ui.press(keys.left);
		const back = await ui.waitFor(f => f.includes('Step 2/8'), 'step 2 again');
		// Recorded, or (on a busy machine) ended with some of its requests still finishing.
		expect(back).toMatch(/\((recorded|ended; its last requests still finishing)\)/);
		// A recording shows the servers as they were at the end of that step: step 3's failed listen came after it.
		expect(back).toMatch(/new +· not started/);
		expect(back).toContain('recorded: servers at the end of step 2');
		// Going back undoes nothing: forward again, the live step still has the new server in error.
		await ui.press(keys.right);
		await ui.waitFor(f => f.includes('Step 3/8') && f.includes('✖ error EADDRINUSE'), 'step 3, live again');
	});

	it('a recorded step is one instant: its timeline stops where its counters do (steps 4 to 6 run back to back)', async () => {
		const ui = start('close-then-listen');
		await ui.waitFor(f => f.includes('Step 1/8'), 'step 1');
		for (const step of [2, 3, 4]) {
			await ui.press(keys.right);
			await ui.waitFor(f => f.includes(`Step ${step}/8`), `step ${step}`);
		}

		// Step 4's close() is followed at once by 5 (the drain) and 6 (listen): the learner stays on step 4,
		// which is recorded from the moment 5 begins, while the refusals pile up in 5.
		const four = await ui.waitFor(
			f => f.includes('Step 4/8') && f.includes('recorded: servers at the end of step 4') && /^ ✔ 5 /m.test(f) && /^ [✔⋯·] 6 /m.test(f),
			'step 4 recorded, steps 5 and 6 performed',
		);
		const lines = (frame: string) => frame.split('\n');
		const timelineOf = (frame: string) => lines(frame).find(line => line.startsWith('Timeline '))!;
		// The line under the strip numbers each step where it started (then the scale).
		const stepsUnder = (frame: string) =>
			lines(frame)
				[lines(frame).indexOf(timelineOf(frame)) + 1]!.split(' a cell')[0]!
				.replace(/\S+ ms$/, '');
		const counted = (frame: string, outcome: string) => Number(new RegExp(`✖ ${outcome} (\\d+)`).exec(frame)?.[1]);
		// Step 4 as it ended: its strip stops there, with no later step on it (it once ran on, live, beside frozen counters).
		// (Steps that start a cell apart sit side by side, as 45; in one cell, the first keeps it.)
		const numbered = (frame: string) => stepsUnder(frame).replaceAll(/\s/g, '');
		expect(numbered(four), four).toBe('1234');
		await ui.press(keys.right);
		const five = await ui.waitFor(f => f.includes('Step 5/8') && f.includes('recorded: servers at the end of step 5'), 'step 5, recorded');
		expect(numbered(five), five).toMatch(/^12345?$/);
		// The drain refuses every arrival: step 5 counts refusals, and its strip shows them.
		expect(counted(five, 'refused'), five).toBeGreaterThan(0);
		expect(timelineOf(five), five).toContain('×');
	});

	it('auto-play runs the deploy to the summary, with the refusals on screen', async () => {
		const ui = start('close-then-listen');
		await ui.waitFor(f => f.includes('Step 1/8'), 'step 1');
		await ui.press('a');
		const summary = await ui.waitFor(f => f.includes('Summary of this run') && !f.includes('Waiting for'), 'the summary', 20_000);
		expect(summary).toContain('auto-played at real speed');
		expect(summary).toContain('Not zero-downtime');
		expect(Number(/✖ refused (\d+)/.exec(summary)?.[1])).toBeGreaterThan(0);
		expect(summary).toMatch(/gap, first to last failure: \d/);
		expect(summary).toContain('→ Never close the door: keep the listening socket open');
		expect(summary).not.toContain('(coming)');
	});

	it('a lesson whose claim is false: the summary leads with what was measured, and says the claim disagrees', async () => {
		const lesson = lessons.find(l => l.id === 'close-then-listen')!;
		const falseClaim = {...lesson, id: 'false-claim', verdict: {zeroDowntime: true, text: 'Nothing was refused and nothing was cut.'}};
		const ui = renderApp({initial: {name: 'mode', lesson: 'false-claim', mode: 'guided'}, lessons: [falseClaim, ...lessons]});
		await ui.waitFor(f => f.includes('Step 1/8'), 'step 1');
		await ui.press('a');
		const summary = (
			await ui.waitFor(f => f.includes('Summary of this run') && !f.includes('Waiting for'), 'the summary', 20_000)
		).replaceAll(/\s+/g, ' ');
		const refused = Number(/✖ refused (\d+)/.exec(summary)?.[1]);
		expect(refused).toBeGreaterThan(0);
		expect(summary).toMatch(/✖ Not zero-downtime in this run: [\d,]+ of [\d,]+ requests failed \(.*refused/);
		expect(summary).not.toContain('✔ Zero-downtime');
		expect(summary).toContain('The lesson says: Nothing was refused and nothing was cut. · this run disagrees');
		expect(summary).toContain('The claim failed in this run');
	});

	it('a port taken after start-up: the lesson stops at once with one clear line, and is not marked done', async () => {
		const blocker = net.createServer();
		await new Promise<void>(resolve => {
			blocker.listen(0, '127.0.0.1', resolve);
		});
		const {port} = blocker.address() as net.AddressInfo;
		const dir = await mkdtemp(path.join(os.tmpdir(), 'zdd-port-taken-'));
		const store = new ProgressStore(dir);
		try {
			const ui = renderApp({initial: {name: 'mode', lesson: 'close-then-listen', mode: 'guided'}, port, store});
			const screen = await ui.waitFor(f => f.includes('could not start'), 'the message');
			expect(screen.replaceAll(/\s+/g, ' ')).toContain(
				`✖ the lesson could not start: its first server could not listen (EADDRINUSE): port ${port} is taken by another program`,
			);
			// Keys that would play the lesson do nothing; q leaves.
			await ui.press('a');
			await ui.press(keys.right);
			await ui.press('q');
			await ui.waitFor(f => f.includes('Choose how to learn it'), 'the modes');
			// Nothing went past step 1 (the app records the step under way), and the lesson is not done.
			const saved = store.load().progress;
			expect(saved.last).toEqual({lesson: 'close-then-listen', mode: 'guided', step: 0});
			expect(saved.lessons['close-then-listen']?.completed).not.toBe(true);
		} finally {
			blocker.close();
			await rm(dir, {recursive: true, force: true});
		}
	});

	it('the plain run, on a port taken after start-up: one line of why, and nothing played past step 1', async () => {
		const blocker = net.createServer();
		await new Promise<void>(resolve => {
			blocker.listen(0, '127.0.0.1', resolve);
		});
		const {port} = blocker.address() as net.AddressInfo;
		const lab = new Lab({port, rate: 100, keepAlive: false});
		const lines: string[] = [];
		try {
			const failed = await runPlain(lab, lessons[0]!, line => lines.push(line), new Set());
			expect(failed).toBe(
				`the lesson could not start: its first server could not listen (EADDRINUSE): port ${port} is taken by another program (another zdd-learn?); free it, or choose another with --port`,
			);
			expect(lines.join('\n')).not.toContain('Step 2/');
			expect(lines.join('\n')).not.toContain('Summary of this run');
		} finally {
			lab.dispose();
			blocker.close();
		}
	});

	it('? lists every key; Esc closes it', async () => {
		const ui = start('close-then-listen');
		await ui.waitFor(f => f.includes('Step 1/8'), 'step 1');
		await ui.press('?');
		const help = await ui.waitFor(f => f.includes('Keys ·'), 'help');
		for (const key of ['→ Enter Space', '←', 'a ', 'r ', 'c ', '?', 'q Esc', 'Ctrl+C']) expect(help).toContain(key);
		await ui.press('\u001B');
		await ui.waitFor(f => f.includes('Step 1/8') && !f.includes('Keys ·'), 'help closed');
	});

	it('r restarts on fresh servers', async () => {
		const ui = start('close-then-listen');
		await ui.waitFor(f => f.includes('Step 1/8'), 'step 1');
		await ui.press(keys.right);
		await ui.waitFor(f => f.includes('Step 2/8'), 'step 2');
		await ui.press(keys.right);
		await ui.waitFor(f => f.includes('Step 3/8'), 'step 3');
		const before = sent(ui.frame());
		await ui.press('r');
		const fresh = await ui.waitFor(f => f.includes('Step 1/8') && sent(f) < before, 'a fresh run');
		expect(fresh).toContain('· not started');
	});
});

describe('too small', () => {
	it('behind the message keys do nothing and auto-play waits; back to full size, the lesson is where it was', async () => {
		const lab = new Lab({port: 0, rate: 100, keepAlive: false});
		const lesson = lessons[0]!;
		// Beside the screen, a probe that counts the keys handed over (the screen's own handler has them by then).
		let handed = 0;
		function Probe() {
			useKeys(() => {
				handed++;
			});
			return null;
		}

		const screen = (columns: number, rows: number) => (
			<KeysProvider isActive>
				<DeployScreen lab={lab} lesson={lesson} mode="guided" knownIds={new Set()} size={{columns, rows}} inputActive onLeave={() => {}} />
				<Probe />
			</KeysProvider>
		);
		const view = render(screen(60, 20));
		try {
			const frame = async (predicate: (f: string) => boolean) => {
				while (!predicate(view.lastFrame() ?? '')) await new Promise(resolve => setTimeout(resolve, 20));
				return view.lastFrame() ?? '';
			};

			await frame(f => f.includes('at least 80×24 (now 60×20)'));
			// Each key is handled as it is written: a, then → (next step), behind the message.
			view.stdin.write('a');
			view.stdin.write('\u001B[C');
			// Keys are handed over one at a time, each after the frame of the one before: both, before the resize.
			await frame(() => handed === 2);
			view.rerender(screen(100, 30));
			const back = await frame(f => f.includes('Step 1/8') && !f.includes('performing'));
			expect(back).not.toContain('auto-playing');
			expect(back).not.toContain('Step 2/8');
		} finally {
			view.unmount();
			lab.dispose();
		}
	});
});

describe('the menu', () => {
	it('with the Resume row shown, a number key opens the lesson of that number', async () => {
		const ui = renderApp({progress: {...emptyProgress(), last: {lesson: 'drain-politely', mode: 'guided', step: 2}}});
		const menu = await ui.waitFor(f => f.includes('↺ Resume'), 'the menu, with its list');
		expect(menu).toContain('↺ Resume: Drain politely');
		await ui.press('2');
		const modes = await ui.waitFor(f => f.includes('Choose how to learn it'), 'the modes');
		expect(modes).toContain('Never close the door');
		// Back from it, the list is on that lesson, not at the top.
		await ui.press('q');
		await ui.waitFor(f => /❯ 2\. Never close the door/.test(f), 'the menu again, on that lesson');
	});

	it('lists the lessons; Enter opens one, q comes back', async () => {
		const ui = start();
		const menu = await ui.waitFor(f => f.includes('1. Close, then listen'), 'the menu, with its list');
		expect(menu).toContain('2. Never close the door');
		expect(menu).toContain('3. Drain politely');
		expect(menu).not.toContain('Coming:');
		await ui.press(keys.enter);
		const ways = await ui.waitFor(f => f.includes('9. Sandbox'), 'the modes, with their list');
		for (const title of [
			'Guided deploy',
			'Execution table',
			'Variable tracker',
			'Code walk',
			'Key moments',
			'Quiz',
			'Snapshot',
			'Transcript',
			'Sandbox',
		]) {
			expect(ways).toContain(title);
		}

		await ui.press(keys.enter);
		await ui.waitFor(f => f.includes('Step 1/8'), 'the guided deploy');
		await ui.press('q');
		await ui.waitFor(f => f.includes('Choose how to learn it'), 'the modes again');
		await ui.press('q');
		await ui.waitFor(f => f.includes('Lessons'), 'the lessons again');
	});
});
