import {afterEach, describe, expect, it} from 'vitest';
import {type Lesson} from '../source/lessons/schema.js';
import {versionNames} from '../source/lessons/settings.js';
import {modeIds, type ModeId} from '../source/lessons/modes.js';
import {cleanupApps, lessons, renderApp} from './render-app.js';

afterEach(cleanupApps);

const flat = (text: string) => text.replaceAll(/\s+/g, ' ');
const start = (text: string) => flat(text).slice(0, 24);

/** What each mode shows of a lesson once it is up, read from the lesson's own data. */
const shows: Record<ModeId, (lesson: Lesson) => (frame: string) => boolean> = {
	guided: lesson => frame =>
		frame.includes(`Step 1/${lesson.steps.length}`) && new RegExp(`✔ by ${versionNames(lesson).old} [1-9]`).test(frame),
	table: lesson => frame => /measured/.test(frame) && new RegExp(`[1-9]\\d* by ${versionNames(lesson).old}`).test(frame),
	tracker: () => frame => frame.includes('Start') && /measured/.test(frame),
	// The window scrolls to the code of the step being performed.
	code: lesson => frame => flat(frame).includes(start(lesson.code[lesson.steps[0]!.codeLines[0]! - 1]!.trim())),
	moments: lesson => frame => flat(frame).includes(start(lesson.keyMoments[0]!.title)),
	quiz: lesson => frame => frame.includes(`question 1 of ${lesson.quiz.length}`),
	snapshot: lesson => frame => flat(frame).includes(start(lesson.snapshot[0]!)),
	transcript: lesson => frame => flat(frame).includes(start(lesson.transcript[0]!)),
	sandbox: lesson => frame => frame.includes(`Picked: ${versionNames(lesson).old} server`),
};

describe('every lesson opens in every mode, and q leaves it', () => {
	for (const lesson of lessons) {
		it(`${lesson.id}: ${modeIds.join(', ')}`, async () => {
			for (const mode of modeIds) {
				const ui = renderApp({initial: {name: 'mode', lesson: lesson.id, mode}});
				const frame = await ui.waitFor(shows[mode](lesson), `${lesson.id} in ${mode}`, 10_000);
				expect(frame).not.toMatch(/Error|undefined|NaN/);
				await ui.press('q');
				await ui.waitFor(f => f.includes('Choose how to learn it'), `the modes after ${mode}`);
				cleanupApps();
			}
		}, 90_000);
	}
});
