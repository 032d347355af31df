import {loadExercises} from '../exercises/load.js';
import {LessonError} from '../lessons/load.js';
import type {Exercise} from '../exercises/schema.js';

/** What the user asked for cannot be done as asked: one line, and exit 2. */
export class UsageError extends Error {
	readonly exitCode = 2;
}

/** What the user has cannot be used (a refused lesson file, a busy port): one line, and exit 1. */
export class Refusal extends Error {
	readonly exitCode = 1;
}

/** The exercises; a broken exercise file is refused in one line (the file, the field, what was expected), as a lesson is. */
export async function exercisesOrRefusal(lessonIds: readonly string[]): Promise<Exercise[]> {
	return loadExercises(lessonIds).catch((error: unknown) => {
		throw error instanceof LessonError ? new Refusal(`exercise file refused: ${error.message}`) : error;
	});
}
