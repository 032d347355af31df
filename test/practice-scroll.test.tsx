import {copyFileSync, mkdtempSync, renameSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {exerciseFile, writeStarter} from '../source/exercises/files.js';
import {loadExercises} from '../source/exercises/load.js';
import {cleanupApps, keys, lessons, renderApp} from './render-app.js';
import {runInTerminal} from './run-cli.js';

afterEach(cleanupApps);

const exercises = await loadExercises(lessons.map(lesson => lesson.id));
const exercise = exercises.find(e => e.id === 'handle-the-signal')!;

/** A fresh working directory with the exercise's starter written under it, as opening it from the menu does. */
function starter(): {dir: string; file: string} {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'zdd-practice-'));
	const file = exerciseFile(exercise, undefined, dir);
	writeStarter(exercise, file);
	return {dir, file};
}

/** Saved as editors do: a new file renamed over the old one. */
function saveSolution(file: string): void {
	const draft = path.join(path.dirname(file), '.server.js.swp');
	copyFileSync(exercise.solution, draft);
	renameSync(draft, file);
}

describe('Fix it yourself: a screen taller than the terminal', () => {
	it('scrolls at 80×14 (↓, PgDn, End, Home), ? lists the keys, and the pass screen’s next exercise is there whole', async () => {
		const {dir, file} = starter();
		const ui = renderApp({
			initial: {name: 'practice', exercise: exercise.id},
			exercises,
			exerciseDir: dir,
			size: {columns: 80, rows: 14},
		});
		// 14 rows: the title, 9 lines and the cue under them, a blank line, the footer, a row spare.
		const top = await ui.waitFor(
			f => f.includes('✖ Not yet') && /lines 1–9 of \d+ · ↓/.test(f),
			'the starter measured, its first page',
			40_000,
		);
		const total = Number(/lines 1–9 of (\d+)/.exec(top)![1]);
		expect(top).toContain('↑↓ scroll');
		expect(top).toContain('PgDn page');
		await ui.press(keys.down);
		await ui.waitFor(f => f.includes(`lines 2–10 of ${total}`), '↓: a line further');
		await ui.press(keys.end);
		const end = await ui.waitFor(f => f.includes(`of ${total} · the end`), 'End: the last page');
		// The finding's last words, on screen and not cut.
		expect(end).toContain('finish before exiting');
		await ui.press(keys.home);
		await ui.waitFor(f => f.includes(`lines 1–9 of ${total}`), 'Home: the top');
		await ui.press('\u001B[6~');
		// A page further, or as far as a whole page still fits.
		const paged = `lines ${Math.min(10, total - 8)}–`;
		await ui.waitFor(f => f.includes(paged), 'PgDn: a page further');
		await ui.press('?');
		const help = await ui.waitFor(f => f.includes('Keys · fix it yourself'), 'the help');
		for (const key of ['↑ ↓', 'PgUp PgDn Space', 'Home End', 'r ', 'h ']) expect(help).toContain(key);
		await ui.press(keys.escape);
		await ui.waitFor(f => !f.includes('Keys · fix it yourself') && f.includes(paged), 'the help closed');

		saveSolution(file);
		await ui.waitFor(f => f.includes('✔ Passed'), 'the fix measured', 40_000);
		await ui.press(keys.end);
		const passed = await ui.waitFor(f => f.includes('· the end'), 'the end of the pass screen');
		expect(passed).toMatch(/^Next: .+ \(q, then choose it\)$/m);
		expect(passed).not.toContain('…');
	}, 90_000);

	it('a screen that fits neither scrolls nor offers the scrolling keys', async () => {
		const {dir} = starter();
		const ui = renderApp({initial: {name: 'practice', exercise: exercise.id}, exercises, exerciseDir: dir, size: {columns: 100, rows: 60}});
		const frame = await ui.waitFor(f => f.includes('✖ Not yet'), 'the starter measured', 40_000);
		expect(frame).not.toMatch(/lines \d+–\d+ of/);
		expect(frame).not.toContain('PgDn');
		expect(frame).toContain('? help');
	}, 60_000);
});

describe.runIf(process.platform === 'linux')('zdd-learn exercise at 80 columns', () => {
	it('the pass screen’s next command wraps onto its own line, whole, never cut', async () => {
		const {dir, file} = starter();
		const term = runInTerminal(['exercise', exercise.id, '--dir', path.dirname(file)], {columns: 80, rows: 24});
		try {
			await term.waitFor(s => s.includes('✖ Not yet'), 'the starter measured', 40_000);
			saveSolution(file);
			const screen = await term.waitFor(s => s.includes('✔ Passed') && s.includes('zdd-learn exercise'), 'the fix measured', 40_000);
			expect(screen).toMatch(/^\(zdd-learn exercise [a-z-]+\)\s*$/m);
			expect(screen).toContain('A reference solution, to compare:');
			expect(screen).not.toContain('…');
		} finally {
			term.kill();
		}

		expect(dir).toBeTruthy();
	}, 90_000);
});
