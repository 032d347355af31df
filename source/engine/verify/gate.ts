import {VerifyError, type VerifyStage} from './measurement.js';

/**
 * A stepped run's wait before each operator's step: it goes on when next()
 * is called, or when what it names has happened (the instance it waits
 * with has exited), or gives up once the run's waits have lasted maxWaitMs
 * together (a learner who walked away leaves no app running for ever, and
 * the load, capped at 10 minutes, outlasts the deploy). Not stepped, it
 * never waits.
 */
export class Gate {
	private waiting: {stage: VerifyStage; go: (went: boolean) => void} | undefined;
	private waited = 0;

	constructor(
		readonly stepped: boolean,
		/** The app's output, named by the error of a wait that gave up. */
		private readonly log: string,
		readonly maxWaitMs = 3 * 60 * 1000,
	) {}

	/** The stage of the operator's step that waits for next(), if one does. */
	get stage(): VerifyStage | undefined {
		return this.waiting?.stage;
	}

	/**
	 * Waits for next() before the step that begins this stage, or until `unless` resolves (the run goes on, to
	 * find what happened); throws VerifyError when the run's waits have used up maxWaitMs.
	 */
	async before(stage: VerifyStage, unless?: Promise<unknown>): Promise<void> {
		if (!this.stepped) return;
		let timer: NodeJS.Timeout | undefined;
		const began = performance.now();
		const went = await new Promise<boolean>(resolve => {
			this.waiting = {stage, go: resolve};
			timer = setTimeout(resolve, this.maxWaitMs - this.waited, false);
			void unless?.then(() => {
				resolve(true);
			});
		});
		clearTimeout(timer);
		this.waited += performance.now() - began;
		this.waiting = undefined;
		if (!went) throw new VerifyError(`the steps waited ${this.maxWaitMs / 60_000} minutes for a key: the deploy was stopped`, this.log);
	}

	/** Lets the waiting step go; false when none waits (a step under way, or the orchestrator's own). */
	next(): boolean {
		const waiting = this.waiting;
		if (!waiting) return false;
		this.waiting = undefined;
		waiting.go(true);
		return true;
	}
}
