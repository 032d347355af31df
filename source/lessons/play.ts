import type {Deployment, Snapshot, StepResult} from '../engine/index.js';
import type {Lesson, LessonStep} from './schema.js';

export type PlayOptions = {
	/** Multiplies each step's autoplay pause (tests use less than 1). */
	pauseScale?: number;
	onStep?: (index: number, step: LessonStep, result: StepResult) => void;
};

/**
 * Runs a whole lesson unattended at real speed: each step right after the
 * previous one's pause, so the gap measured is the real one.
 */
export async function playLesson(run: Deployment, lesson: Lesson, options: PlayOptions = {}): Promise<Snapshot> {
	const scale = options.pauseScale ?? 1;
	for (const [index, step] of lesson.steps.entries()) {
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
