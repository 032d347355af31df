import type {Deployment, Snapshot, StepResult, Version} from '../engine/index.js';
import type {Lesson} from './schema.js';

export type PlayableStep = {action: string; target: Version; autoplayPauseMs: number};

export type PlayOptions<S extends PlayableStep> = {
	/** Multiplies each step's autoplay pause (tests and the race use less than 1). */
	pauseScale?: number;
	onStep?: (index: number, step: S, result: StepResult) => void;
};

/**
 * Runs steps unattended at real speed: each right after the previous one's
 * pause, so the gap measured is the real one. Ends the run and returns its
 * final snapshot.
 */
export async function playSteps<S extends PlayableStep>(
	run: Deployment,
	steps: readonly S[],
	options: PlayOptions<S> = {},
): Promise<Snapshot> {
	const scale = options.pauseScale ?? 1;
	for (const [index, step] of steps.entries()) {
		const result = await run.perform(index, step);
		options.onStep?.(index, step, result);
		const pause = step.autoplayPauseMs * scale;
		if (pause > 0) {
			await new Promise(resolve => {
				setTimeout(resolve, pause);
			});
		}
	}

	return run.finish();
}

export async function playLesson(
	run: Deployment,
	lesson: Lesson,
	options: PlayOptions<Lesson['steps'][number]> = {},
): Promise<Snapshot> {
	return playSteps(run, lesson.steps, options);
}
