import {VerifyError, type VerifyStage} from './measurement.js';

/**
 * A stepped run's wait before each operator's step: it goes on when next()
 * is called, or gives up after maxWaitMs (a learner who walked away leaves
 * no app running for ever). Not stepped, it never waits.
 */
export class Gate {
	private waiting: {stage: VerifyStage; go: (went: boolean) => void} | undefined;

	constructor(
		readonly stepped: boolean,
		/** The app's output, named by the error of a wait that gave up. */
		private readonly log: string,
		readonly maxWaitMs = 5 * 60 * 1000,
	) {}

	/** The stage of the operator's step that waits for next(), if one does. */
	get stage(): VerifyStage | undefined {
		return this.waiting?.stage;
	}

	/** Waits for next() before the step that begins this stage; throws VerifyError when the wait gives up. */
	async before(stage: VerifyStage): Promise<void> {
		if (!this.stepped) return;
		let timer: NodeJS.Timeout | undefined;
		const went = await new Promise<boolean>(resolve => {
			this.waiting = {stage, go: resolve};
			timer = setTimeout(resolve, this.maxWaitMs, false);
		});
		clearTimeout(timer);
		this.waiting = undefined;
		if (!went) throw new VerifyError(`no step was taken for ${this.maxWaitMs / 60_000} minutes: the deploy was stopped`, this.log);
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
