import {readFileSync} from 'node:fs';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import type {Exercise} from '../exercises/schema.js';
import {LessonError} from '../lessons/lesson-error.js';
import type {Shipped} from './loaders.js';
import type {Lesson} from '../lessons/schema.js';
import {bundledExercisesDir, bundledLessonsDir, packageDir} from '../shared/package-root.js';

/**
 * Set by the build (scripts/build.mjs), which validates the shipped lessons and exercises with the same
 * schemas a --lessons-dir file meets and writes them to dist/shipped.json: the bundle starts without
 * loading zod or reading those files, and the loaders (zod and all) are a bundle of their own,
 * dist/lessons-dir.js, loaded only for a learner's own lessons. Not defined when this runs from source
 * (the tests): then the files are read and validated here.
 */
declare const ZDD_BUNDLED: true | undefined;

type Loaders = typeof import('./loaders.js');

async function loaders(): Promise<Loaders> {
	if (typeof ZDD_BUNDLED === 'undefined') return import('./loaders.js');
	return import(pathToFileURL(path.join(packageDir, 'dist', 'lessons-dir.js')).href) as Promise<Loaders>;
}

let shipped: Promise<Shipped> | undefined;
async function content(): Promise<Shipped> {
	shipped ??=
		typeof ZDD_BUNDLED === 'undefined'
			? loaders().then(async ({readShipped}) => readShipped())
			: Promise.resolve(JSON.parse(readFileSync(path.join(packageDir, 'dist', 'shipped.json'), 'utf8')) as Shipped);
	return shipped;
}

export async function shippedLessons(): Promise<Lesson[]> {
	return (await content()).lessons.map(({lesson}) => lesson);
}

/** The learner's own lessons (--lessons-dir), validated; their ids must differ from the shipped ones'. */
export async function lessonsFrom(dir: string): Promise<Lesson[]> {
	const taken = new Map((await content()).lessons.map(({file, lesson}) => [lesson.id, path.join(bundledLessonsDir, file)]));
	const {loadLessonsBeside, LessonError: TheirLessonError} = await loaders();
	try {
		return await loadLessonsBeside(taken, dir);
	} catch (error) {
		throw error instanceof TheirLessonError ? new LessonError(error.file, error.problems) : error;
	}
}

export async function shippedExercises(): Promise<Exercise[]> {
	return (await content()).exercises.map(({folder, exercise}) => ({
		...exercise,
		starter: path.join(bundledExercisesDir, folder, 'server.js'),
		solution: path.join(bundledExercisesDir, folder, 'solution.js'),
	}));
}
