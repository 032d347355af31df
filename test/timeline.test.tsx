import {render} from 'ink-testing-library';
import {afterAll, describe, expect, it} from 'vitest';
import Summary from '../source/ui/widgets/Summary.js';
import TimelineView from '../source/ui/widgets/Timeline.js';
import {Lab, Timeline, emptyCell, fitTimeline, outcomes, type Cell, type Counts, type TimelineData} from '../source/engine/index.js';
import {bundledLessonsDir, loadLessons} from '../source/lessons/load.js';
import {playLesson} from '../source/lessons/play.js';
import {lessonLoad} from '../source/lessons/settings.js';
import {sliceChar, sliceOf, plainTimeline, stepNumbers, stripOf} from '../source/lessons/timeline.js';
import {raceOne, strategiesOf} from '../source/race/race.js';

const lessons = await loadLessons(bundledLessonsDir);
const lab = new Lab({port: 0, rate: 200, keepAlive: false, slowMinMs: 300, slowMaxMs: 500, timeoutMs: 2000, drainDeadlineMs: 2000});
afterAll(() => {
	lab.dispose();
});

function sum(cells: readonly Cell[]): Cell {
	const total = emptyCell();
	for (const cell of cells) for (const outcome of outcomes) total[outcome] += cell[outcome];
	return total;
}

/** Every outcome's count in the cells equals the run's count of it. */
function expectAddsUp(data: TimelineData, totals: Counts): void {
	const cells = sum(data.cells);
	for (const outcome of outcomes) expect(cells[outcome], outcome).toBe(totals[outcome]);
	expect(outcomes.reduce((n, outcome) => n + cells[outcome], 0)).toBe(totals.sent - totals.inFlight);
}

describe('the timeline: every request in the cell of its send time, in exactly one outcome', () => {
	it('a request goes in the slice it was sent in; fitting to a width joins whole slices and keeps every count', () => {
		const timeline = new Timeline(100);
		timeline.add(0, 'old');
		timeline.add(99, 'old');
		timeline.add(100, 'refused');
		timeline.add(950, 'new');
		const data = timeline.data();
		expect(data.cells.map(cell => sliceOf(cell))).toEqual([
			'old',
			'refused',
			'none',
			'none',
			'none',
			'none',
			'none',
			'none',
			'none',
			'new',
		]);
		const fitted = fitTimeline(data, 4);
		expect(fitted.sliceMs).toBe(300);
		expect(fitted.cells).toHaveLength(4);
		expect(sum(fitted.cells)).toEqual(sum(data.cells));
		// A failure outranks the answers it shares a cell with; answers by both versions have a mark of their own.
		expect(fitted.cells.map(cell => sliceOf(cell))).toEqual(['refused', 'none', 'none', 'new']);
		expect(sliceOf({...emptyCell(), old: 3, new: 1})).toBe('both');
		// Until a later moment, the strip runs on with empty cells.
		expect(fitTimeline(data, 100, 2000).cells).toHaveLength(20);
	});

	it('the steps are marked in the cell where each started; the plain lines put each outcome on a line of its own', () => {
		const timeline = new Timeline(100);
		for (const at of [0, 100, 200]) timeline.add(at, 'old');
		timeline.add(300, 'refused');
		timeline.add(400, 'new');
		const strip = stripOf(timeline.data(), 10);
		expect(stepNumbers(strip, [0, 250, 400])).toBe('1 2 3');
		const lines = plainTimeline(timeline.data(), 10, [0, 250, 400], {old: 'blue', new: 'green'}, 100);
		expect(lines.slice(1)).toEqual([
			`  blue     ${sliceChar.old.repeat(3)}··`,
			`  green    ····${sliceChar.new}`,
			`  refused  ···${sliceChar.refused}·`,
			'  steps    1 2 3',
		]);
		expect(new Set(Object.values(sliceChar)).size).toBe(Object.keys(sliceChar).length);
	});

	for (const id of ['close-then-listen', 'drain-politely', 'ready-is-not-listening']) {
		it(`${id}, played on real servers: the cells add up to the counts`, async () => {
			const lesson = lessons.find(l => l.id === id)!;
			const final = await playLesson(lab.begin(lessonLoad(lesson)), lesson, {pauseScale: 0.3});
			expect(final.totals.inFlight).toBe(0);
			expectAddsUp(final.timeline, final.totals);
			// Where the claim is false, failures show in the strip.
			const marks = stripOf(final.timeline, 60).slices;
			if (id === 'close-then-listen') {
				expect(marks).toContain('refused');
				// The summary draws it: the strip with its refusals, the legend in words, the gap beneath.
				const view = render(<Summary lesson={lesson} snapshot={final} knownIds={new Set()} width={80} />);
				const frame = view.lastFrame() ?? '';
				view.unmount();
				expect(frame).toMatch(/^Timeline .*×.*× refused/m);
				expect(frame).toMatch(/a cell · failures span \d/);
			} else expect(marks.some(mark => mark !== 'old' && mark !== 'new' && mark !== 'both' && mark !== 'none')).toBe(false);
		});
	}

	it('live, the strip runs to now at a fixed room beside it, and names the versions as the lesson does', () => {
		const timeline = new Timeline(100);
		timeline.add(0, 'old');
		timeline.add(500, 'new');
		const view = render(
			<TimelineView data={timeline.data()} width={80} untilMs={3000} steps={[0, 450]} names={{old: 'blue', new: 'green'}} />,
		);
		const [strip, marks] = (view.lastFrame() ?? '').split('\n');
		view.unmount();
		expect(strip).toBe(`Timeline ${sliceChar.old}    ${sliceChar.new}${' '.repeat(24 + 5)}${sliceChar.old} blue  ${sliceChar.new} green`);
		expect(marks).toBe(`${' '.repeat(9)}1   2${' '.repeat(30)}100 ms a cell · no failure`);
	});

	it('a race result carries its timeline, and it adds up to the result', async () => {
		const strategy = strategiesOf(lessons).find(s => s.id === 'flip-on-listen')!;
		const result = await raceOne(strategy, {rate: 200, durationMs: 500, keepAlive: false, seed: 1});
		expectAddsUp(result.timeline, {...result, inFlight: 0});
		expect(stripOf(result.timeline, 60).slices).toContain('status5xx');
	});
});
