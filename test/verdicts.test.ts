import {afterEach, describe, expect, it} from 'vitest';
import {Lab, failures} from '../source/engine/index.js';
import {compareStep} from '../source/lessons/compare.js';
import {bundledLessonsDir, loadLessons} from '../source/lessons/load.js';
import {playLesson} from '../source/lessons/play.js';

const lessons = await loadLessons(bundledLessonsDir);
const closeThenListen = lessons.find(lesson => lesson.id === 'close-then-listen')!;
const fast = {slowMinMs: 300, slowMaxMs: 500, timeoutMs: 2000};
let lab: Lab | undefined;

afterEach(() => {
	lab?.dispose();
	lab = undefined;
});

describe('what the lessons claim, checked on real sockets', () => {
	it.each(lessons.map(lesson => [lesson.id, lesson] as const))(
		'%s: the verdict holds when the lesson is played at real speed',
		async (_id, lesson) => {
			lab = new Lab({port: 0, rate: 200, keepAlive: false, ...fast});
			const final = await playLesson(lab.begin(), lesson, {pauseScale: 0.3});
			expect(final.totals.sent).toBeGreaterThan(100);
			expect(final.totals.inFlight).toBe(0);
			if (lesson.verdict.zeroDowntime) expect(failures(final.totals)).toBe(0);
			else expect(failures(final.totals)).toBeGreaterThan(0);
		},
	);

	it('close, then listen: EADDRINUSE at step 3, refusals during the drain, both versions serve', async () => {
		lab = new Lab({port: 0, rate: 200, keepAlive: false, ...fast});
		const steps: Record<number, string | undefined> = {};
		const final = await playLesson(lab.begin(), closeThenListen, {
			pauseScale: 0.3,
			onStep(index, _step, result) {
				steps[index + 1] = result.code;
			},
		});
		expect(steps[3]).toBe('EADDRINUSE');
		const drain = final.steps[4]!;
		expect(drain.counts.refused).toBeGreaterThan(0);
		expect(drain.counts.old + drain.counts.new).toBe(0);
		expect(final.totals.old).toBeGreaterThan(0);
		expect(final.totals.new).toBeGreaterThan(0);
		// The lesson's expected row says "no requests handled" at step 5; the comparison must say what that meant.
		const handling = compareStep(closeThenListen.steps[4]!, drain).find(field => field.field === 'handling')!;
		expect(handling.verdict).toBe('differs');
		expect(handling.why).toMatch(new RegExp(`${drain.counts.refused} refused`));
		// The steps before the handoff, and after the new server listens, are as the lesson expects.
		for (const index of [0, 1, 6]) {
			const fields = compareStep(closeThenListen.steps[index]!, final.steps[index]!);
			expect(fields.every(field => field.verdict === 'match'), `step ${index + 1}`).toBe(true);
		}
	});

	it('close, then listen with busy keep-alive clients: the close callback does not run', async () => {
		lab = new Lab({port: 0, rate: 300, keepAlive: true, ...fast, drainDeadlineMs: 1500});
		const run = lab.begin();
		await run.perform(0, {action: 'start', target: 'old'});
		await new Promise(resolve => setTimeout(resolve, 500));
		await run.perform(1, {action: 'stop-accepting', target: 'old'});
		const drain = await run.perform(2, {action: 'drain', target: 'old'});
		expect(drain.ok).toBe(false);
		expect(drain.code).toBe('DRAIN_TIMEOUT');
		expect(run.snapshot().servers.old.state).toBe('closing');
		// Meanwhile the old server kept answering on its open keep-alive connections.
		expect(run.snapshot().steps[2]!.counts.old).toBeGreaterThan(0);
	});
});
