import type {Progress} from '../progress/store.js';
import type {Exercise} from './schema.js';

/** Whether the exercise was ever passed (what the menu counts and marks ✔): a pass is kept. */
export function exercisePassed(progress: Progress, id: string): boolean {
	return progress.exercises?.[id]?.passed === true;
}

/** Where the learner is with an exercise, from progress: a pass is kept, and a later failing check is said beside it. */
export function exerciseState(progress: Progress, id: string): string {
	const record = progress.exercises?.[id];
	if (!record) return 'not started';
	if (!record.passed) return 'failing';
	return record.lastPassed ? '✔ passed' : '✔ passed (the last check failed)';
}

/** Records one check of an exercise in progress: whether it passed now, and whether it ever did. */
export function recordCheck(progress: Progress, id: string, passed: boolean): void {
	progress.exercises ??= {};
	progress.exercises[id] = {passed: passed || (progress.exercises[id]?.passed ?? false), lastPassed: passed};
}

/** The first exercise after this one not passed yet, offered after a pass. */
export function nextExercise(exercises: readonly Exercise[], current: Exercise, progress: Progress): Exercise | undefined {
	return exercises.slice(exercises.indexOf(current) + 1).find(e => !exercisePassed(progress, e.id));
}
