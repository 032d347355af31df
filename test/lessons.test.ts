import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {bundledLessonsDir, LessonError, loadLessons} from '../source/lessons/load.js';
import type {Lesson} from '../source/lessons/schema.js';

const shippedFile = path.join(bundledLessonsDir, '01-close-then-listen.json');
let dir: string;
let shipped: Lesson;

beforeEach(async () => {
	dir = await mkdtemp(path.join(os.tmpdir(), 'zdd-lessons-'));
	shipped = JSON.parse(await readFile(shippedFile, 'utf8')) as Lesson;
});

afterEach(async () => {
	await rm(dir, {recursive: true, force: true});
});

/** Writes a lesson file and returns the message its load is refused with. */
async function refusal(content: string, name = 'broken.json'): Promise<string> {
	const file = path.join(dir, name);
	await writeFile(file, content);
	try {
		await loadLessons(dir);
	} catch (error) {
		expect(error).toBeInstanceOf(LessonError);
		expect((error as LessonError).file).toBe(file);
		return (error as Error).message;
	}

	throw new Error('the broken lesson was accepted');
}

function broken(change: (lesson: Record<string, any>) => void): string {
	const copy = structuredClone(shipped) as Record<string, any>;
	change(copy);
	return JSON.stringify(copy);
}

describe('lesson files', () => {
	it('the shipped lessons validate', async () => {
		const lessons = await loadLessons(bundledLessonsDir);
		expect(lessons.map(lesson => lesson.id)).toContain('close-then-listen');
		const lesson = lessons.find(l => l.id === 'close-then-listen')!;
		expect(lesson.flow).toHaveLength(7);
		expect(lesson.steps).toHaveLength(8);
		expect(lesson.keyMoments.map(moment => moment.step)).toEqual([3, 5, 6]);
		expect(lesson.snapshot).toHaveLength(5);
		expect(lesson.quiz.length).toBeGreaterThanOrEqual(5);
	});

	it("the seed's three questions are in the quiz with the right answers", async () => {
		const [lesson] = await loadLessons(bundledLessonsDir);
		const answer = (fragment: string) => lesson!.quiz.find(q => q.question.includes(fragment))?.answer;
		expect(answer('stop taking new connections')).toBe('Step 4');
		expect(answer('after step 3')).toMatch(/EADDRINUSE/);
		expect(answer('without letting its active requests finish')).toMatch(/cut off/);
	});

	it('refuses broken JSON, naming the file', async () => {
		expect(await refusal('{"id": "x",')).toMatch(/broken\.json: not valid JSON/);
	});

	it('refuses a missing field, naming it and what was expected', async () => {
		const message = await refusal(broken(lesson => delete lesson['title']));
		expect(message).toMatch(/broken\.json: title: missing, expected string/);
	});

	it('refuses a step naming an unknown engine action, listing the known ones', async () => {
		const message = await refusal(broken(lesson => (lesson['steps'][2].action = 'teleport')));
		expect(message).toMatch(/steps\[2\]\.action: expected an engine action \(.*try-listen.*\), got "teleport"/);
	});

	it('refuses a server state that does not exist', async () => {
		const message = await refusal(broken(lesson => (lesson['steps'][0].expected.old = 'lisening')));
		expect(message).toMatch(/steps\[0\]\.expected\.old: .*"listening"/);
	});

	it('refuses a quiz answer that is not among its options', async () => {
		const message = await refusal(broken(lesson => (lesson['quiz'][0].answer = 'Step 9')));
		expect(message).toMatch(/quiz\[0\]\.answer: expected one of its options, got "Step 9"/);
	});

	it('refuses a key moment linked to a step that does not exist', async () => {
		const message = await refusal(broken(lesson => (lesson['keyMoments'][0].step = 12)));
		expect(message).toMatch(/keyMoments\[0\]\.step: expected a step between 1 and 8, got 12/);
	});

	it('refuses a code line beyond the code sample', async () => {
		const message = await refusal(broken(lesson => (lesson['steps'][1].codeLines = [99])));
		expect(message).toMatch(/steps\[1\]\.codeLines\[0\]: expected a code line between 1 and \d+, got 99/);
	});

	it('refuses a snapshot that is not five lines', async () => {
		const message = await refusal(broken(lesson => lesson['snapshot'].pop()));
		expect(message).toMatch(/snapshot: expected exactly five lines/);
	});

	it('refuses a contrast compared with one the lesson does not have', async () => {
		const message = await refusal(
			broken(lesson => {
				lesson['contrasts'] = [
					{id: 'plain', title: 'Plain', zeroDowntime: false, steps: [{action: 'start', target: 'old', autoplayPauseMs: 0}]},
					{id: 'retry', title: 'Retry', zeroDowntime: false, fewerFailuresThan: 'plian', steps: [{action: 'start', target: 'old', autoplayPauseMs: 0}]},
				];
			}),
		);
		expect(message).toMatch(/contrasts\[1\]\.fewerFailuresThan: expected the id of another contrast in this lesson \(plain\), got "plian"/);
	});

	it('refuses an unknown field, so typos do not pass silently', async () => {
		const message = await refusal(broken(lesson => (lesson['sumary'] = 'typo')));
		expect(message).toMatch(/sumary/);
	});

	it('refuses two lessons with one id', async () => {
		await writeFile(path.join(dir, 'a.json'), JSON.stringify(shipped));
		const message = await refusal(JSON.stringify(shipped), 'b.json');
		expect(message).toMatch(/b\.json: id: expected a unique id, "close-then-listen" is also used by .*a\.json/);
	});

	it('refuses a directory with no lessons, and a path that is not a directory', async () => {
		await expect(loadLessons(dir)).rejects.toThrow(/expected at least one lesson file/);
		await expect(loadLessons(shippedFile)).rejects.toThrow(/expected a directory/);
	});
});
