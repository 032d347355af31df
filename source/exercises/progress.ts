import type {Progress} from '../progress/store.js';
import type {Exercise} from './schema.js';

/** Whether the exercise's last check passed (what the menu marks ✔). */
export function exercisePassed(progress: Progress, id: string): boolean {
	return progress.exercises?.[id]?.lastPassed === true;
}

/** Where the learner is with an exercise, from progress. */
export function exerciseState(progress: Progress, id: string): string {
	const record = progress.exercises?.[id];
	if (!record) return 'not started';
	if (exercisePassed(progress, id)) return '✔ passed';
	return record.passed ? 'passed once, failing now' : 'failing';
}

/** Records one check of an exercise in progress: whether it passed now, and whether it ever did. */
export function recordCheck(progress: Progress, id: string, passed: boolean): void {
	progress.exercises ??= {};
	progress.exercises[id] = {passed: passed || (progress.exercises[id]?.passed ?? false), lastPassed: passed};
}

/** The first exercise after this one whose last check did not pass, offered after a pass. */
export function nextExercise(exercises: readonly Exercise[], current: Exercise, progress: Progress): Exercise | undefined {
	return exercises.slice(exercises.indexOf(current) + 1).find(e => !exercisePassed(progress, e.id));
}
