import {existsSync} from 'node:fs';
import {readdir} from 'node:fs/promises';
import path from 'node:path';
import {describe, LessonError, readJson} from '../lessons/load.js';
import {bundledExercisesDir} from '../shared/package-root.js';
import {exerciseSchema, type Exercise} from './schema.js';

/**
 * Every exercise: a folder with exercise.json and the starter server.js,
 * checked at load (the file, the field, what was expected), its lesson
 * among the lessons given.
 */
export async function loadExercises(lessonIds: readonly string[], dir = bundledExercisesDir): Promise<Exercise[]> {
	const exercises: Exercise[] = [];
	for (const name of (await readdir(dir)).sort()) {
		const file = path.join(dir, name, 'exercise.json');
		if (!existsSync(file)) continue;
		const result = exerciseSchema.safeParse(await readJson(file));
		if (!result.success)
			throw new LessonError(
				file,
				result.error.issues.map(issue => describe(issue)),
			);
		const exercise = result.data;
		if (!lessonIds.includes(exercise.lesson)) {
			throw new LessonError(file, [
				`lesson: expected the id of a lesson (${lessonIds.join(', ')}), got ${JSON.stringify(exercise.lesson)}`,
			]);
		}

		if (exercises.some(other => other.id === exercise.id)) throw new LessonError(file, [`id: "${exercise.id}" is used twice`]);
		const starter = path.join(dir, name, 'server.js');
		if (!existsSync(starter)) throw new LessonError(path.join(dir, name), ['expected the starter server.js beside exercise.json']);
		const solution = path.join(dir, name, 'solution.js');
		if (!existsSync(solution)) throw new LessonError(path.join(dir, name), ['expected a reference solution.js beside exercise.json']);
		exercises.push({...exercise, starter, solution});
	}

	return exercises;
}
