import {render} from 'ink-testing-library';
import {afterAll, describe, expect, it} from 'vitest';
import {Lab, type RunSnapshot, type StepSnapshot} from '../source/engine/index.js';
import {judgeStep, type StepStatus} from '../source/lessons/compare.js';
import {bundledLessonsDir, loadLessons} from '../source/lessons/load.js';
import {playLesson, playSteps} from '../source/lessons/play.js';
import {type Lesson} from '../source/lessons/schema.js';
import {requirementMet} from '../source/lessons/requires.js';
import {lessonLoad} from '../source/lessons/settings.js';
import {plainSteps} from '../source/cli/plain.js';
import ExecTable from '../source/ui/widgets/ExecTable.js';
import StepDetail from '../source/ui/widgets/StepDetail.js';
import StepList from '../source/ui/widgets/StepList.js';
import Summary from '../source/ui/widgets/Summary.js';
import Tracker, {trackerLabel} from '../source/ui/widgets/Tracker.js';
import {statusStyle} from '../source/ui/theme.js';

const lessons = await loadLessons(bundledLessonsDir);
const lab = new Lab({port: 0, rate: 200, keepAlive: false, slowMinMs: 300, slowMaxMs: 500, timeoutMs: 2000, drainDeadlineMs: 2000});
afterAll(() => {
	lab.dispose();
});

function frameOf(element: React.ReactElement): string {
	const view = render(element);
	const frame = view.lastFrame() ?? '';
	view.unmount();
	return frame;
}

/** A mark as its symbol: as expected and as predicted are both ✔ (the colour, in a terminal, tells them apart). */
const symbolOf = (mark: StepStatus) => statusStyle[mark].symbol;

/** Every view's mark for each step of one recorded run: the symbol drawn, and the plain run's words. */
function marksIn(lesson: Lesson, final: RunSnapshot) {
	const {steps} = final;
	const list = frameOf(<StepList steps={lesson.steps} measured={steps} viewing={-1} busyStep={undefined} width={80} />)
		.split('\n')
		.slice(1)
		.map(line => line.trim().charAt(0));
	const table = frameOf(<ExecTable steps={lesson.steps} measured={steps} viewing={-1} busyStep={undefined} width={100} />)
		.split('\n')
		.filter(line => /^ \S \d+ /.test(line))
		.map(line => line.charAt(1));
	const summaryLine = /Steps (.*?) \(/.exec(frameOf(<Summary lesson={lesson} snapshot={final} knownIds={new Set()} width={200} />))![1]!;
	const summary = summaryLine.split(' ').map(mark => mark.charAt(0));
	const plainMarks = {
		'✔ as expected': 'match',
		'✔ as predicted': 'predicted',
		'✖ differs': 'differs',
		'· nothing measured': 'unmeasured',
	} as const;
	const plain = plainSteps(lesson, final)
		.join('\n')
		.split(/^Step \d+ {2}/m)
		.slice(1)
		.map(block => {
			const key = (Object.keys(plainMarks) as Array<keyof typeof plainMarks>).find(k => block.includes(`\n  ${k}`));
			return key ? plainMarks[key] : undefined;
		});
	return {list, table, summary, plain};
}

/** What a step's detail and the tracker draw agrees with its mark. */
function detailAgrees(lesson: Lesson, index: number, measured: StepSnapshot, mark: StepStatus): void {
	const detail = frameOf(
		<StepDetail
			index={index}
			count={lesson.steps.length}
			step={lesson.steps[index]!}
			measured={measured}
			live={false}
			busy={false}
			width={100}
			whyLines={3}
		/>,
	);
	const fieldLines = detail.split('\n').filter(line => /^(old|new|requests) /.test(line));
	// Its three rows, each counted: a row the filter missed would pass every check below unseen.
	expect(fieldLines, `step ${index + 1} detail:\n${detail}`).toHaveLength(3);
	expect(
		fieldLines.some(line => line.includes('✖ differs')),
		`step ${index + 1} detail:\n${detail}`,
	).toBe(mark === 'differs');
	if (mark === 'match' || mark === 'predicted') expect(fieldLines.every(line => line.includes('✔'))).toBe(true);
	expect(
		fieldLines.some(line => line.includes('✔ as predicted')) && detail.includes('✔ as predicted: '),
		`step ${index + 1} detail:\n${detail}`,
	).toBe(mark === 'predicted');
}

describe('one judge of a step: every view gives each step the same mark', () => {
	for (const lesson of lessons) {
		it(`${lesson.id}: the step list, the execution table, the summary, the plain run, the step detail and the tracker agree with judgeStep`, async () => {
			const final = await playLesson(lab.begin(lessonLoad(lesson)), lesson, {pauseScale: 0.3});
			const expected = lesson.steps.map((step, index) => judgeStep(step, final.steps[index]).status);
			// A recorded run: every step has ended, so none is under way.
			expect(expected).not.toContain('live');
			const views = marksIn(lesson, final);
			expect(views.list, 'step list').toEqual(expected.map(symbolOf));
			expect(views.table, 'execution table').toEqual(expected.map(symbolOf));
			expect(views.summary, 'summary').toEqual(expected.map(symbolOf));
			expect(views.plain, 'plain run').toEqual(expected);
			for (const [index, mark] of expected.entries()) detailAgrees(lesson, index, final.steps[index]!, mark);

			// The tracker: a checkpoint after a step that differs shows a ✖, one that matches shows only ✔.
			const tracker = frameOf(<Tracker lesson={lesson} measured={final.steps} width={200} />);
			const measuredRows = tracker.split('\n').filter(line => line.startsWith('  measured'));
			// One measured row per tracked field (old server, new server, requests), each counted below.
			expect(measuredRows, tracker).toHaveLength(3);
			const column = Math.max(10, Math.floor((200 - trackerLabel) / lesson.tracker.length));
			for (const [c, checkpoint] of lesson.tracker.entries()) {
				if (checkpoint === 0) continue;
				const cells = measuredRows.map(row => row.slice(trackerLabel + c * column, trackerLabel + (c + 1) * column).trim());
				expect(cells.every(Boolean), `tracker after ${checkpoint}: ${cells.join(' | ')}`).toBe(true);
				const mark = expected[checkpoint - 1]!;
				if (mark === 'differs')
					expect(
						cells.some(cell => cell.startsWith('✖')),
						`tracker after ${checkpoint}: ${cells.join(' | ')}`,
					).toBe(true);
				if (mark === 'match' || mark === 'predicted')
					expect(
						cells.every(cell => cell.startsWith('✔')),
						`tracker after ${checkpoint}: ${cells.join(' | ')}`,
					).toBe(true);
				if (mark === 'unmeasured') expect(cells[2]).toMatch(/^· nothing measured/);
			}
		});
	}

	it('a step in which no request finished is "nothing measured", never ✔', () => {
		const lesson = lessons[0]!;
		const empty: StepSnapshot = {
			index: 0,
			action: 'start',
			target: 'old',
			startedAt: 0,
			doneAt: 1,
			endedAt: 2,
			counts: {sent: 0, old: 0, new: 0, refused: 0, reset: 0, timeout: 0, status5xx: 0, other: 0, inFlight: 0},
			before: {old: 'not-started', new: 'not-started'},
			states: {old: 'listening', new: 'not-started'},
		};
		expect(judgeStep(lesson.steps[0]!, empty).status).toBe('unmeasured');
		expect(judgeStep(lesson.steps[0]!, {...empty, endedAt: undefined}).status).toBe('live');
		// "both" means both versions answered: one alone differs, in every view (the tracker once said ✔).
		const both = {...lesson.steps[0]!, expected: {...lesson.steps[0]!.expected, handling: 'both' as const}};
		const oneVersion = {...empty, counts: {...empty.counts, sent: 10, old: 10}};
		expect(judgeStep(both, oneVersion).status).toBe('differs');
	});
});

describe('a step is judged against the failures its lesson predicts', () => {
	const lesson = lessons.find(l => l.id === 'close-then-listen')!;
	const drain = lesson.steps.find(step => step.expected.handling === 'none')!;
	const counts = {sent: 0, old: 0, new: 0, refused: 0, reset: 0, timeout: 0, status5xx: 0, other: 0, inFlight: 0};
	const record = (more: Partial<typeof counts>): StepSnapshot => ({
		index: 4,
		action: 'drain',
		target: 'old',
		startedAt: 0,
		doneAt: 1,
		endedAt: 2,
		counts: {...counts, ...more},
		before: {old: 'closing', new: 'error'},
		states: {old: 'closed', new: 'error'},
	});

	it('the failures it names are as predicted; any other kind, or an answer where none was due, differs', () => {
		expect(judgeStep(drain, record({sent: 90, refused: 90})).status).toBe('predicted');
		expect(judgeStep(drain, record({sent: 90, refused: 88, reset: 2})).status).toBe('predicted');
		const errors = judgeStep(drain, record({sent: 90, refused: 88, status5xx: 2}));
		expect(errors.status).toBe('differs');
		expect(errors.fields[2]!.why).toBe("2 answered 5xx (a proxy's 502, or the app's own error)");
		expect(judgeStep(drain, record({sent: 90, refused: 80, old: 10})).fields[2]!.why).toBe('requests were still answered during this step');
	});

	it("a step's allowance: within it, as predicted; past it, differs", () => {
		const allowing = {...drain, expected: {...drain.expected, handling: 'old' as const, fails: undefined, allow: {reset: 2}}};
		expect(judgeStep(allowing, record({sent: 50, old: 48, reset: 2})).status).toBe('predicted');
		expect(judgeStep(allowing, record({sent: 50, old: 50})).status).toBe('match');
		const past = judgeStep(allowing, record({sent: 50, old: 47, reset: 3}));
		expect(past.status).toBe('differs');
		expect(past.fields[2]!.why).toBe('3 reset: connected, then cut');
	});
});

/**
 * Fair marks: a deploy that goes as its lesson predicts, failures and all, is
 * all ✔ (or "nothing measured"), played either way. A lesson whose Node or
 * system is missing here shows its real fallback, which departs: it is
 * played where it is met (CI runs the suite on a Node that has reusePort).
 */
describe('every shipped lesson reads as its lesson predicts, with no ✖, auto-played or stepped by hand', () => {
	const met = lessons.filter(lesson => requirementMet(lesson));
	const fair = (lesson: Lesson, final: RunSnapshot) => {
		// A machine that fell behind its load (the run says so) may time requests out: those are the machine's, not the
		// deploy's, and the step is judged without them. Any other departure still counts.
		const machines = (step: StepSnapshot): StepSnapshot =>
			final.schedule.behind ? {...step, counts: {...step.counts, sent: step.counts.sent - step.counts.timeout, timeout: 0}} : step;
		const marks = lesson.steps.map((step, index) => {
			const measured = final.steps[index];
			return judgeStep(step, measured && machines(measured));
		});
		const wrong = marks.flatMap((judged, index) =>
			judged.status === 'match' || judged.status === 'predicted' || judged.status === 'unmeasured'
				? []
				: [
						`step ${index + 1} ${judged.status}: ${judged.fields.map(f => `${f.field} ${f.measured}${f.why ? ` (${f.why})` : ''}`).join('; ')}`,
					],
		);
		expect(wrong, JSON.stringify(final.schedule)).toEqual([]);
	};

	for (const lesson of met) {
		it(`${lesson.id}: auto-played twice`, async () => {
			for (let i = 0; i < 2; i++) fair(lesson, await playLesson(lab.begin(lessonLoad(lesson)), lesson, {pauseScale: 0.5}));
		});

		it(`${lesson.id}: stepped by hand, a learner reading 1.2 s at each step (steps the code runs back to back stay back to back)`, async () => {
			const byHand = lesson.steps.map(step => ({...step, autoplayPauseMs: step.autoplayPauseMs === 0 ? 0 : 1200}));
			fair(lesson, await playSteps(lab.begin(lessonLoad(lesson)), byHand));
		});
	}
});

describe('a lesson that drops requests marks them as predicted where they failed', () => {
	it('close, then listen: the refusals are at the steps where nothing listened, none before the close', async () => {
		const lesson = lessons.find(l => l.id === 'close-then-listen')!;
		const final = await playLesson(lab.begin(lessonLoad(lesson)), lesson, {pauseScale: 0.5});
		const closeAt = lesson.steps.findIndex(step => step.action === 'stop-accepting');
		const listenAt = lesson.steps.findIndex(step => step.action === 'listen');
		const refusedAt = final.steps.map(step => step.counts.refused);
		expect(
			refusedAt.slice(0, closeAt).every(n => n === 0),
			refusedAt.join(','),
		).toBe(true);
		expect(refusedAt.slice(closeAt, listenAt + 1).reduce((a, b) => a + b, 0)).toBe(final.totals.refused);
		expect(final.totals.refused).toBeGreaterThan(0);
		const drain = judgeStep(lesson.steps[closeAt + 1]!, final.steps[closeAt + 1]);
		expect(drain.status, JSON.stringify(drain.fields)).toBe('predicted');
		expect(drain.fields[2]!.predicted).toMatch(new RegExp(`\\b${final.steps[closeAt + 1]!.counts.refused} refused`));
	});
});
