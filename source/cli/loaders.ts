// What reads and validates lesson and exercise files with zod: bundled apart (dist/lessons-dir.js), loaded
// only for --lessons-dir; the build runs it once to validate the shipped files (scripts/build.mjs).
import path from 'node:path';
import {loadExercises} from '../exercises/load.js';
import {LessonError} from '../lessons/lesson-error.js';
import {lessonFiles, loadLessons, loadLessonsBeside} from '../lessons/load.js';
import {bundledLessonsDir} from '../shared/package-root.js';
import type {Exercise} from '../exercises/schema.js';
import type {Lesson} from '../lessons/schema.js';

/** The shipped lessons (each with its file's name) and exercises (each with its folder's), as validated. */
export type Shipped = {
	lessons: Array<{file: string; lesson: Lesson}>;
	exercises: Array<{folder: string; exercise: Omit<Exercise, 'starter' | 'solution'>}>;
};

/** The shipped lessons and exercises, read and validated as a --lessons-dir folder is. */
export async function readShipped(): Promise<Shipped> {
	const lessons = await loadLessons(bundledLessonsDir);
	const names = await lessonFiles(bundledLessonsDir);
	const exercises = await loadExercises(lessons.map(lesson => lesson.id));
	return {
		lessons: lessons.map((lesson, index) => ({file: names[index]!, lesson})),
		exercises: exercises.map(({starter, solution: _solution, ...exercise}) => ({folder: path.basename(path.dirname(starter)), exercise})),
	};
}

/** Its own LessonError: this module is a bundle of its own, so the caller's class is another. */
export {LessonError, loadLessonsBeside};
