import {LessonError} from '../lessons/lesson-error.js';
import {shippedExercises} from './shipped.js';
import type {Exercise} from '../exercises/schema.js';

/** An end the CLI foresaw: one line (the message) on stderr, and its exit code; never a stack. */
export class CliError extends Error {
	constructor(
		message: string,
		readonly exitCode: 1 | 2,
	) {
		super(message);
	}
}

/** What the user asked for cannot be done as asked: one line, and exit 2. */
export class UsageError extends CliError {
	constructor(message: string) {
		super(message, 2);
	}
}

/** What the user has cannot be used (a refused lesson file, a busy port): one line, and exit 1. */
export class Refusal extends CliError {
	constructor(message: string) {
		super(message, 1);
	}
}

/** The app could not be verified: one line, then the last lines of its own output; exit 2. */
export class CannotVerify extends CliError {
	constructor(message: string) {
		super(message, 2);
	}
}

/** The shipped exercises; a broken exercise file is refused in one line (the file, the field, what was expected), as a lesson is. */
export async function exercisesOrRefusal(): Promise<Exercise[]> {
	return shippedExercises().catch((error: unknown) => {
		throw error instanceof LessonError ? new Refusal(`exercise file refused: ${error.message}`) : error;
	});
}
