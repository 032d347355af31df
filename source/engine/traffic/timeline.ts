import {outcomes, type Cell, type Outcome, type TimelineData} from '../types.js';

export type {Cell, TimelineData};

export const emptyCell = (): Cell => Object.fromEntries(outcomes.map(outcome => [outcome, 0])) as Cell;

/**
 * The outcomes of a run's requests, each in the slice of time it was sent
 * in. A request is counted once it has ended, in exactly one outcome, so
 * the cells add up to the totals of the requests that have ended.
 */
export class Timeline {
	private readonly cells: Cell[] = [];

	constructor(
		readonly sliceMs = 50,
		/** The last slice kept (a run's load stops by itself long before). */
		private readonly maxSlices = 100_000,
	) {}

	/** A request sent at sentAt (ms since the run began) ended in this outcome. */
	add(sentAt: number, outcome: Outcome): void {
		const index = Math.min(this.maxSlices - 1, Math.max(0, Math.floor(sentAt / this.sliceMs)));
		while (this.cells.length <= index) this.cells.push(emptyCell());
		this.cells[index]![outcome]++;
	}

	data(): TimelineData {
		return {sliceMs: this.sliceMs, cells: this.cells.map(cell => ({...cell}))};
	}
}

/**
 * The same timeline in at most `width` cells: each drawn cell joins whole
 * slices (sums them), so the cells still add up to the counts. Its slice
 * is a whole number of the original slices.
 */
export function fitTimeline(data: TimelineData, width: number, untilMs?: number): TimelineData {
	const slices = Math.max(data.cells.length, untilMs === undefined ? 0 : Math.ceil(untilMs / data.sliceMs));
	const join = Math.max(1, Math.ceil(slices / Math.max(1, width)));
	const cells: Cell[] = [];
	for (let i = 0; i < slices; i += join) {
		const cell = emptyCell();
		for (const part of data.cells.slice(i, i + join)) for (const outcome of outcomes) cell[outcome] += part[outcome];
		cells.push(cell);
	}

	return {sliceMs: data.sliceMs * join, cells};
}
