import {fitTimeline, outcomes, type Cell, type Outcome, type TimelineData} from '../engine/index.js';
import {ms} from '../shared/format.js';

/** What one drawn cell shows: the worst that happened to the requests sent in it. */
export type Slice = Outcome | 'both' | 'none';

/** Each slice's character: distinct without colour. Failures outrank answers; answers by both versions have one of their own. */
export const sliceChar: Record<Slice, string> = {
	old: '░',
	new: '█',
	both: '▒',
	refused: '×',
	reset: '!',
	status5xx: '5',
	timeout: 't',
	other: '?',
	none: ' ',
};

/** Every slice, in words: the race's legend, where old and new are whatever each strategy calls them. */
export const allSlices = '× refused  ! reset  5 5xx  t timeout  ? other  ░ old  █ new  ▒ both';

/** The order in which a cell's outcomes decide its slice: the first one present wins. */
const worstFirst: readonly Outcome[] = ['refused', 'reset', 'status5xx', 'timeout', 'other'];

export function sliceOf(cell: Cell): Slice {
	const failed = worstFirst.find(outcome => cell[outcome] > 0);
	if (failed) return failed;
	if (cell.old > 0 && cell.new > 0) return 'both';
	if (cell.new > 0) return 'new';
	if (cell.old > 0) return 'old';
	return 'none';
}

/** A timeline drawn in at most `width` cells: each cell's slice, and how long each cell lasts. */
export type Strip = {cellMs: number; cells: Cell[]; slices: Slice[]};

export function stripOf(data: TimelineData, width: number, untilMs?: number): Strip {
	const fitted = fitTimeline(data, width, untilMs);
	return {cellMs: fitted.sliceMs, cells: fitted.cells, slices: fitted.cells.map(cell => sliceOf(cell))};
}

/** The line under the strip: each step's number in the cell where it started. */
export function stepNumbers(strip: Strip, startedAt: readonly number[]): string {
	const line: string[] = Array.from({length: strip.slices.length}, () => ' ');
	for (const [index, at] of startedAt.entries()) {
		const cell = Math.floor(at / strip.cellMs);
		// Steps that start in one cell: the first keeps it.
		if (cell >= 0 && cell < line.length && line[cell] === ' ') line[cell] = String(index + 1).slice(-1);
	}

	return line.join('').trimEnd();
}

/** The legend: the slices the strip shows, in words (a served request by the version's name). */
export function legend(strip: Strip, names: {old: string; new: string}): string {
	const words: Record<Slice, string> = {
		old: names.old,
		new: names.new,
		both: 'both',
		refused: 'refused',
		reset: 'reset',
		status5xx: '5xx',
		timeout: 'timeout',
		other: 'other',
		none: '',
	};
	const shown = new Set(strip.slices);
	// Failures first: when the room runs out, the answers' marks are the ones cut.
	return ([...worstFirst, 'old', 'new', 'both'] as Slice[])
		.filter(slice => shown.has(slice))
		.map(slice => `${sliceChar[slice]} ${words[slice]}`)
		.join('  ');
}

/** The scale and the gap (first to last failure, by when they failed), for the line beneath the strip. */
export function scaleText(strip: Strip, gapMs: number | undefined): string {
	return `${ms(strip.cellMs)} a cell · ${gapMs === undefined ? 'no failure' : `failures span ${ms(gapMs)}`}`;
}

/** Room kept right of the strip for the legend and the scale, so the strip's width holds still as outcomes appear. */
export const besideStrip = 36;

/**
 * The timeline as plain text, one line per outcome that happened: its
 * character where requests sent in that cell ended so, a dot elsewhere;
 * then the steps' numbers.
 */
export function plainTimeline(
	data: TimelineData,
	width: number,
	startedAt: readonly number[],
	names: {old: string; new: string},
	gapMs: number | undefined,
): string[] {
	const strip = stripOf(data, width);
	const label = (word: string) => `  ${word.padEnd(9)}`;
	const lines = outcomes
		.filter(outcome => strip.cells.some(cell => cell[outcome] > 0))
		.map(outcome => {
			const word = outcome === 'old' || outcome === 'new' ? names[outcome] : outcome === 'status5xx' ? '5xx' : outcome;
			return label(word) + strip.cells.map(cell => (cell[outcome] > 0 ? sliceChar[outcome] : '·')).join('');
		});
	return [
		`Timeline, by send time (${scaleText(strip, gapMs)}; where each step started below)`,
		...lines,
		label('steps') + stepNumbers(strip, startedAt),
	];
}
