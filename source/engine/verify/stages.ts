import {emptyCounts, outcomeCounts, type Counts} from '../types.js';
import type {VerifyStage, VerifyStep, VerifyTimes} from './measurement.js';

/** The moments that begin a stage of the deploy (see VerifyStep). */
export const stageOf: Partial<Record<keyof VerifyTimes, VerifyStage>> = {
	newListening: 'new-listening',
	newReady: 'new-ready',
	newAdded: 'new-added',
	signalled: 'signalled',
	removed: 'removed',
};

/** The stages of a verify deploy as they begin: the load tags each request with the current one. */
export class Stages {
	private readonly begun: Array<{stage: VerifyStage; startedAt: number}> = [];

	/** The current stage's index, -1 before the first: what the load tags a request with. */
	get current(): number {
		return this.begun.length - 1;
	}

	begin(stage: VerifyStage, at: number): void {
		this.begun.push({stage, startedAt: at});
	}

	/**
	 * Each stage with the counts of its requests (the load's counts by tag), the last ending when the load
	 * stopped; while requests counted under it are under way, how many.
	 */
	steps(byTag: ReadonlyMap<number, Counts>, endedAt: number): VerifyStep[] {
		return this.begun.map(({stage, startedAt}, index) => {
			const counts = byTag.get(index) ?? emptyCounts();
			return {
				stage,
				startedAt,
				endedAt: this.begun[index + 1]?.startedAt ?? endedAt,
				counts: outcomeCounts(counts),
				...(counts.inFlight > 0 ? {inFlight: counts.inFlight} : {}),
			};
		});
	}
}
