import {mkdtemp, readdir, readFile, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {configDir, emptyProgress, ProgressStore, type Progress} from '../source/progress/store.js';

let dir: string;

beforeEach(async () => {
	dir = await mkdtemp(path.join(os.tmpdir(), 'zdd-progress-'));
});

afterEach(async () => {
	await rm(dir, {recursive: true, force: true});
});

const sample: Progress = {
	version: 1,
	lessons: {'close-then-listen': {completed: true, quiz: {best: 5, of: 6, attempts: 2}}},
	last: {lesson: 'close-then-listen', mode: 'table', step: 4},
};

describe('the progress store', () => {
	it('ZDD_LEARN_CONFIG_DIR overrides the platform directory', () => {
		expect(configDir({ZDD_LEARN_CONFIG_DIR: '/somewhere'})).toBe('/somewhere');
		expect(path.basename(configDir({}))).toBe('zdd-learn');
	});

	it('starts empty when there is no file, and round-trips what it saved', () => {
		const store = new ProgressStore(path.join(dir, 'nested', 'config'));
		expect(store.load()).toEqual({progress: emptyProgress()});
		expect(store.save(sample)).toBeUndefined();
		expect(new ProgressStore(store.dir).load()).toEqual({progress: sample});
	});

	it('writes atomically: the file is whole after every save and no temp file is left', async () => {
		const store = new ProgressStore(dir);
		for (let i = 0; i < 20; i++) {
			store.save({...sample, last: {lesson: 'close-then-listen', mode: 'guided', step: i}});
			expect(JSON.parse(await readFile(store.file, 'utf8')).last.step).toBe(i);
		}

		expect(await readdir(dir)).toEqual(['progress.json']);
	});

	it('a corrupt file: one warning, kept as a backup beside it, a fresh start that saves again', async () => {
		const store = new ProgressStore(dir);
		await writeFile(store.file, '{"version": 1, "lessons": {');
		const {progress, warning} = store.load();
		expect(progress).toEqual(emptyProgress());
		expect(warning).toMatch(
			/^your progress file was damaged; it is kept as .*progress\.json\.corrupt-\S+ and you start fresh \(not valid JSON: .*\)$/,
		);
		const files = await readdir(dir);
		const backup = files.find(name => name.startsWith('progress.json.corrupt-'))!;
		expect(await readFile(path.join(dir, backup), 'utf8')).toBe('{"version": 1, "lessons": {');
		expect(store.save(sample)).toBeUndefined();
		expect(store.load().progress).toEqual(sample);
	});

	it('a file of the wrong shape is treated like a corrupt one', async () => {
		const store = new ProgressStore(dir);
		await writeFile(store.file, JSON.stringify({version: 1, lessons: {x: {completed: 'yes'}}}));
		expect(store.load().warning).toMatch(/damaged; .* \(lessons\.x\.completed: /);
	});

	it('an unreadable file is left alone and nothing is saved over it', async () => {
		const store = new ProgressStore(dir);
		// A directory where the file should be: reading it fails (EISDIR), as an unreadable file would.
		await rm(store.file, {force: true});
		await import('node:fs/promises').then(fs => fs.mkdir(store.file));
		const {warning} = store.load();
		expect(warning).toMatch(/could not read your progress .*EISDIR.*this session will not be saved/);
		expect(store.save(sample)).toBeUndefined();
		expect((await import('node:fs')).statSync(store.file).isDirectory()).toBe(true);
	});

	it('a directory that cannot be written: runs on, warns once, saves nothing', async () => {
		const blocker = path.join(dir, 'a-file');
		await writeFile(blocker, 'not a directory');
		const store = new ProgressStore(path.join(blocker, 'config'));
		expect(store.load()).toEqual({progress: emptyProgress()});
		expect(store.save(sample)).toMatch(/^progress is not being saved: .*a-file\/config is not writable \((ENOTDIR|EEXIST)\)$/);
		expect(store.save(sample)).toBeUndefined();
	});

	it('reset removes the file', async () => {
		const store = new ProgressStore(dir);
		store.save(sample);
		store.reset();
		expect(await readdir(dir)).toEqual([]);
	});
});
