import {existsSync, mkdtempSync, readFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {loadExercises} from '../source/exercises/load.js';
import {editorCommand} from '../source/ui/editor.js';
import {cleanupApps, keys, lessons, renderApp} from './render-app.js';

afterEach(cleanupApps);

const exercises = await loadExercises(lessons.map(lesson => lesson.id));
/** The working directory the exercises are written under: no node_modules above it, so require('express') gets the shipped one. */
const base = mkdtempSync(path.join(os.tmpdir(), 'zdd-route-'));

describe('Fix it yourself, the tenth way to learn a lesson', () => {
	it('a lesson with one exercise opens it: its file is written under the working directory and measured; q goes back to the ways', async () => {
		const ui = renderApp({initial: {name: 'modes', lesson: 'ready-is-not-listening'}, exercises, exerciseDir: base});
		await ui.waitFor(f => f.includes('10. Fix it yourself'), 'the tenth way');
		await ui.press(keys.up);
		await ui.waitFor(f => f.includes('fixed in your own editor'), 'its blurb');
		await ui.press(keys.enter);
		await ui.waitFor(f => f.includes('Fix it yourself · Say ready only when ready'), 'the exercise');
		const file = path.join(base, 'zdd-learn-exercises', 'say-ready-when-ready', 'server.js');
		const exercise = exercises.find(e => e.id === 'say-ready-when-ready')!;
		expect(readFileSync(file, 'utf8')).toBe(readFileSync(exercise.starter, 'utf8'));
		const frame = await ui.waitFor(f => f.includes('✖ Not yet'), 'the starter measured', 40_000);
		expect(frame.replaceAll(/\s+/g, ' ')).toContain('say ready only when ready');
		expect(frame).toContain('q back');
		await ui.press('q');
		await ui.waitFor(f => f.includes('Choose how to learn it'), 'the ways to learn again');
	}, 60_000);

	it('a lesson with two lists them, and q goes back to its ways; a lesson with none has nine ways', async () => {
		const ui = renderApp({initial: {name: 'modes', lesson: 'drain-politely'}, exercises, exerciseDir: base});
		await ui.waitFor(f => f.includes('10. Fix it yourself'), 'the tenth way');
		await ui.press(keys.up);
		await ui.waitFor(f => f.includes('2 servers, each with'), 'its blurb');
		await ui.press(keys.enter);
		const list = await ui.waitFor(f => f.includes('Exercises'), 'the lesson’s exercises');
		expect(list).toContain('Handle the signal');
		expect(list).toContain('Let kept-alive connections go');
		expect(list).not.toContain('Say ready only when ready');
		await ui.press('q');
		await ui.waitFor(f => f.includes('Choose how to learn it'), 'the ways to learn again');
		cleanupApps();

		const other = renderApp({initial: {name: 'modes', lesson: 'close-then-listen'}, exercises, exerciseDir: base});
		const modes = await other.waitFor(f => f.includes('9. Sandbox'), 'the ways to learn');
		expect(modes).not.toContain('Fix it yourself');
		expect(existsSync(path.join(base, 'zdd-learn-exercises', 'handle-the-signal'))).toBe(false);
	});

	it('e opens the file in $VISUAL, else $EDITOR, only when one is set', () => {
		expect(editorCommand({VISUAL: 'code --wait', EDITOR: 'vi'})).toBe('code --wait');
		expect(editorCommand({VISUAL: ' ', EDITOR: 'nano'})).toBe('nano');
		expect(editorCommand({})).toBeUndefined();
	});
});
