import {readdir, readFile, stat} from 'node:fs/promises';
import path from 'node:path';
import type {z} from 'zod';
import {LessonError} from './lesson-error.js';
import {lessonSchema, type Lesson} from './schema.js';

export {bundledLessonsDir} from '../shared/package-root.js';
export {LessonError};

export function fieldPath(parts: ReadonlyArray<PropertyKey>): string {
	let out = '';
	for (const part of parts) {
		out += typeof part === 'number' ? `[${part}]` : `${out ? '.' : ''}${String(part)}`;
	}

	return out || '(top level)';
}

/** One schema problem as a line: the field, and what was expected. */
export function describe(issue: z.core.$ZodIssue): string {
	const field = fieldPath(issue.path);
	if (issue.code === 'invalid_type' && issue.message.endsWith('received undefined')) {
		return `${field}: missing, expected ${issue.expected}`;
	}

	return `${field}: ${issue.message}`;
}

/** Validates one lesson's parsed data; throws a LessonError naming the file. */
export function parseLesson(data: unknown, file: string): Lesson {
	const result = lessonSchema.safeParse(data);
	if (!result.success)
		throw new LessonError(
			file,
			result.error.issues.map(issue => describe(issue)),
		);
	return result.data;
}

/** JSON.parse's message on one line, with a line and column instead of a character position. */
function jsonProblem(message: string, source: string): string {
	const located = message.replace(/ in JSON at position (\d+)(?: \(line \d+ column \d+\))?/, (_match, position: string) => {
		const before = source.slice(0, Number(position)).split('\n');
		return ` at line ${before.length}, column ${before.at(-1)!.length + 1}`;
	});
	const line = located.replaceAll(/\s+/g, ' ').trim();
	return line.length > 160 ? `${line.slice(0, 159)}…` : line;
}

export async function loadLessonFile(file: string): Promise<Lesson> {
	return parseLesson(await readJson(file), file);
}

/** A JSON data file, parsed; a LessonError naming the file when it cannot be read or is not JSON. */
export async function readJson(file: string): Promise<unknown> {
	let source: string;
	try {
		source = await readFile(file, 'utf8');
	} catch (error) {
		throw new LessonError(file, [`cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})`]);
	}

	let data: unknown;
	try {
		data = JSON.parse(source);
	} catch (error) {
		throw new LessonError(file, [`not valid JSON: ${jsonProblem((error as Error).message, source)}`]);
	}

	return data;
}

/** The lesson files' names in a folder, in the order they are loaded. */
export async function lessonFiles(dir: string): Promise<string[]> {
	return (await readdir(dir)).filter(name => name.endsWith('.json')).sort();
}

/** Every *.json in each dir, dir by dir in file-name order; ids must be unique across all of them. */
export async function loadLessons(...dirs: string[]): Promise<Lesson[]> {
	return loadLessonsBeside(new Map(), ...dirs);
}

/** As loadLessons, beside lessons already loaded: `taken` maps each of their ids to the file it came from. */
export async function loadLessonsBeside(taken: ReadonlyMap<string, string>, ...dirs: string[]): Promise<Lesson[]> {
	const lessons: Lesson[] = [];
	const seen = new Map(taken);
	for (const dir of dirs) {
		const info = await stat(dir).catch(() => undefined);
		if (!info?.isDirectory()) throw new LessonError(dir, ['expected a directory of lesson files']);
		const files = await lessonFiles(dir);
		if (files.length === 0) throw new LessonError(dir, ['expected at least one lesson file (*.json)']);
		for (const name of files) {
			const file = path.join(dir, name);
			const lesson = await loadLessonFile(file);
			const clash = seen.get(lesson.id);
			if (clash) throw new LessonError(file, [`id: expected a unique id, "${lesson.id}" is also used by ${clash}`]);
			seen.set(lesson.id, file);
			lessons.push(lesson);
		}
	}

	return lessons;
}
