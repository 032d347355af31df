import type {ActionName, DeployRun, RunSnapshot, StepResult, Version} from '../engine/index.js';
import type {Lesson} from './schema.js';

export type PlayableStep = {action: ActionName; target: Version; autoplayPauseMs: number};

export type PlayOptions<S extends PlayableStep> = {
	/** Multiplies each step's autoplay pause (tests and the race use less than 1). */
	pauseScale?: number;
	onStep?: (index: number, step: S, result: StepResult) => void;
	/** Ends the run after this step when it says so (a first server that could not listen). */
	stopAfter?: (index: number, result: StepResult) => boolean;
};

/**
 * Runs steps unattended at real speed: each right after the previous one's
 * pause, so the gap measured is the real one. Ends the run and returns its
 * final snapshot.
 */
export async function playSteps<S extends PlayableStep>(
	run: DeployRun,
	steps: readonly S[],
	options: PlayOptions<S> = {},
): Promise<RunSnapshot> {
	const scale = options.pauseScale ?? 1;
	for (const [index, step] of steps.entries()) {
		const result = await run.perform(index, step);
		options.onStep?.(index, step, result);
		if (options.stopAfter?.(index, result)) break;
		const pause = step.autoplayPauseMs * scale;
		if (pause > 0) {
			await new Promise(resolve => {
				setTimeout(resolve, pause);
			});
		}
	}

	return run.finish();
}

export async function playLesson(run: DeployRun, lesson: Lesson, options: PlayOptions<Lesson['steps'][number]> = {}): Promise<RunSnapshot> {
	return playSteps(run, lesson.steps, options);
}

/**
 * Why a run cannot go on, when its first step (the first server's listen)
 * failed: one line for the learner; undefined when it started.
 */
export function cannotStart(result: StepResult | undefined, port: number): string | undefined {
	if (!result || result.ok || result.code === 'DISPOSED') return undefined;
	const why =
		result.code === 'EADDRINUSE'
			? `port ${port} is taken by another program (another zdd-learn?); free it, or choose another with --port`
			: result.detail;
	return `the lesson could not start: its first server could not listen (${result.code ?? 'error'}): ${why}`;
}
