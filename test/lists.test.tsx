import {render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {loadExercises} from '../source/exercises/load.js';
import {emptyProgress} from '../source/progress/store.js';
import {KeysProvider, splitKeys, useKeys} from '../source/ui/hooks/keys.js';
import {listWindow, shareRows} from '../source/ui/state/list-window.js';
import {TooSmall} from '../source/ui/screens/TooSmall.js';
import {Text} from 'ink';
import {useState} from 'react';
import {cleanupApps, keys, lessons, renderApp} from './render-app.js';

afterEach(cleanupApps);

const exercises = await loadExercises(lessons.map(lesson => lesson.id));

describe('keys typed in one burst as a list appears', () => {
	it('3 then ↓ ↓ in one write: lesson 3’s ways to learn, the cursor two rows down', async () => {
		const ui = renderApp();
		await ui.waitFor(f => f.includes('❯ 1. Close, then listen'), 'the menu');
		ui.app.stdin.write(`3${keys.down}${keys.down}`);
		const modes = await ui.waitFor(f => f.includes('Choose how to learn it') && f.includes('· Drain politely'), 'lesson 3’s ways');
		await ui
			.waitFor(f => f.includes('❯ 3. Variable tracker'), 'the cursor on the third way', 3000)
			.catch(() => {
				throw new Error(`the cursor did not reach the third way:\n${modes}`);
			});
	});

	it('3jj in one write (plain characters read at once): the same', async () => {
		const ui = renderApp();
		await ui.waitFor(f => f.includes('❯ 1. Close, then listen'), 'the menu');
		ui.app.stdin.write('3jj');
		await ui.waitFor(f => f.includes('· Drain politely') && f.includes('❯ 3. Variable tracker'), 'the cursor on the third way');
	});

	it('the keys of a burst reach the screens one by one, each after the frame the one before led to', async () => {
		const seen: string[] = [];
		function Screen({name, onKey}: {name: string; onKey: (input: string) => void}) {
			useKeys(input => {
				seen.push(`${name}:${input}`);
				onKey(input);
			});
			return <Text>{name}</Text>;
		}

		function Two() {
			const [on, setOn] = useState('first');
			return (
				<Screen
					key={on}
					name={on}
					onKey={() => {
						setOn('second');
					}}
				/>
			);
		}

		const app = render(
			<KeysProvider isActive>
				<Two />
			</KeysProvider>,
		);
		try {
			app.stdin.write('abc');
			const until = Date.now() + 5000;
			while (seen.length < 3 && Date.now() < until) await new Promise(resolve => setTimeout(resolve, 10));
			expect(seen).toEqual(['first:a', 'second:b', 'second:c']);
		} finally {
			app.unmount();
		}
	});

	it('a sequence Ink cannot name (Shift+F1) is no run of keys: the menu stays, nothing opens', async () => {
		const ui = renderApp();
		await ui.waitFor(f => f.includes('❯ 1. Close, then listen'), 'the menu');
		// Ink hands it over with its escape stripped, as "[1;2P": its 1 and 2 must not open lesson 1 and its second way.
		ui.app.stdin.write('\u001B[1;2P');
		// Then a key whose effect shows: the one before it has been handled by then.
		await ui.press(keys.down);
		const after = await ui.waitFor(f => f.includes('❯ 2. Never close the door'), 'the menu, one row down');
		expect(after).not.toContain('Choose how to learn it');
	});

	it('splitKeys: a run of characters is split; an escape sequence is one key', () => {
		expect(splitKeys('3jj')).toEqual(['3', 'j', 'j']);
		expect(splitKeys('q')).toEqual(['q']);
		expect(splitKeys(keys.down)).toEqual([keys.down]);
		expect(splitKeys('')).toEqual(['']);
	});
});

describe('coming back to a list, the cursor is where the learner left it', () => {
	it('the ways to learn, after a way and after the menu; the menu, after checking a server', async () => {
		const ui = renderApp({initial: {name: 'modes', lesson: 'close-then-listen'}});
		await ui.waitFor(f => f.includes('❯ 1. Guided deploy'), 'the ways to learn');
		await ui.press('7');
		await ui.waitFor(f => f.includes('Close, then listen · Snapshot'), 'the snapshot');
		await ui.press('q');
		await ui.waitFor(f => f.includes('❯ 7. Snapshot'), 'the ways, on the snapshot');
		await ui.press('q');
		await ui.waitFor(f => f.includes('❯ 1. Close, then listen'), 'the menu, on the lesson');
		await ui.press(keys.enter);
		await ui.waitFor(f => f.includes('❯ 7. Snapshot'), 'the ways again, still on the snapshot');
		await ui.press('q');
		await ui.waitFor(f => f.includes('❯ 1. Close, then listen'), 'the menu');
		await ui.press(keys.up);
		await ui.press(keys.up);
		await ui.waitFor(f => f.includes('❯ ⚙ Check your own server'), 'the menu on Check your own server');
		await ui.press(keys.enter);
		await ui.waitFor(f => f.includes('zdd-learn verify') && !f.includes('❯'), 'the check');
		await ui.press(keys.escape);
		await ui.waitFor(f => f.includes('❯ ⚙ Check your own server'), 'the menu, on the same row');
	});

	it('a lesson’s exercises, after going back to its ways', async () => {
		const ui = renderApp({initial: {name: 'modes', lesson: 'drain-politely'}, exercises});
		await ui.waitFor(f => f.includes('10. Fix it yourself'), 'the tenth way');
		await ui.press(keys.up);
		await ui.waitFor(f => f.includes('❯ 10. Fix it yourself'), 'on the tenth way');
		await ui.press(keys.enter);
		await ui.waitFor(f => f.includes('❯ 1. '), 'the exercises');
		await ui.press(keys.down);
		await ui.waitFor(f => f.includes('❯ 2. '), 'on the second exercise');
		await ui.press('q');
		await ui.waitFor(f => f.includes('❯ 10. Fix it yourself'), 'the ways, on the tenth');
		await ui.press(keys.enter);
		await ui.waitFor(f => f.includes('Exercises') && f.includes('❯ 2. '), 'the exercises, on the second');
	});

	it('each app has its own memory: a new one starts at the top', async () => {
		const ui = renderApp({initial: {name: 'modes', lesson: 'close-then-listen'}});
		await ui.waitFor(f => f.includes('❯ 1. Guided deploy'), 'the ways to learn, at the top');
	});
});

describe('a list in a short terminal', () => {
	it('listWindow: the items around the cursor, with a line for each cue', () => {
		expect(listWindow(5, 4, 10)).toEqual({start: 0, end: 5, above: 0, below: 0});
		expect(listWindow(12, 0, 7)).toEqual({start: 0, end: 6, above: 0, below: 6});
		expect(listWindow(12, 6, 7)).toEqual({start: 4, end: 9, above: 4, below: 3});
		expect(listWindow(12, 11, 7)).toEqual({start: 6, end: 12, above: 6, below: 0});
		for (let cursor = 0; cursor < 12; cursor++) {
			const w = listWindow(12, cursor, 7);
			expect(cursor).toBeGreaterThanOrEqual(w.start);
			expect(cursor).toBeLessThan(w.end);
			expect(w.end - w.start + (w.above > 0 ? 1 : 0) + (w.below > 0 ? 1 : 0)).toBe(7);
		}
	});

	it('shareRows: everything when it fits; else the list keeps its minimum and the detail is cut', () => {
		expect(shareRows({rows: 40, fixed: 8, items: 12, detail: 3})).toEqual({list: 12, detail: 3});
		const tight = shareRows({rows: 20, fixed: 8, items: 12, detail: 3});
		expect(tight.list + tight.detail + 1).toBeLessThanOrEqual(20 - 1 - 8);
		expect(tight.list).toBeGreaterThanOrEqual(6);
	});
});

describe('the too-small message', () => {
	for (const size of [
		{columns: 30, rows: 10},
		{columns: 50, rows: 12},
	]) {
		it(`wraps word by word at ${size.columns}×${size.rows}, no line starting with a space`, () => {
			const app = render(<TooSmall size={size} min={{columns: 50, rows: 16}} action="q quits" />);
			try {
				const lines = (app.lastFrame() ?? '').split('\n');
				expect(lines.length).toBeGreaterThan(1);
				for (const line of lines) {
					expect(line.length).toBeLessThan(size.columns);
					expect(line).not.toMatch(/^\s/);
				}

				expect(lines.join(' ')).toBe(`Make the terminal at least 50×16 (now ${size.columns}×${size.rows}); q quits.`);
			} finally {
				app.unmount();
			}
		});
	}
});

describe('the quiz opens at the next attempt', () => {
	const saved = {completed: false, quiz: {best: 4, of: 6, attempts: 2}};

	it('opened from the lesson’s ways: attempt 3, with the best so far', async () => {
		const ui = renderApp({
			initial: {name: 'modes', lesson: 'close-then-listen'},
			progress: {...emptyProgress(), lessons: {'close-then-listen': saved}},
		});
		await ui.waitFor(f => f.includes('❯ 1. Guided deploy'), 'the ways to learn');
		await ui.press('6');
		const quiz = await ui.waitFor(f => f.includes('Quiz · Close, then listen'), 'the quiz');
		expect(quiz).toContain('attempt 3 · best 4/6 · question 1 of');
	});

	it('from the menu’s Resume row, the last thing open being the quiz', async () => {
		const ui = renderApp({
			progress: {...emptyProgress(), lessons: {'close-then-listen': saved}, last: {lesson: 'close-then-listen', mode: 'quiz', step: 0}},
		});
		await ui.waitFor(f => f.includes('❯ ↺ Resume: Close, then listen · Quiz'), 'the menu on Resume');
		await ui.press(keys.enter);
		const quiz = await ui.waitFor(f => f.includes('Quiz · Close, then listen'), 'the quiz');
		expect(quiz).toContain('attempt 3 · best 4/6');
	});

	it('with nothing saved: attempt 1, no best', async () => {
		const ui = renderApp({initial: {name: 'mode', lesson: 'close-then-listen', mode: 'quiz'}});
		const quiz = await ui.waitFor(f => f.includes('Quiz · Close, then listen'), 'the quiz');
		expect(quiz).toContain('attempt 1 · question 1 of');
		expect(quiz).not.toContain('best');
	});
});
