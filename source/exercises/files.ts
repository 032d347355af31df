import {copyFileSync, existsSync, mkdirSync, renameSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import type {Exercise} from './schema.js';

/** Where an exercise's file goes: <dir>/server.js, dir being ./zdd-learn-exercises/<id> unless given. */
export function exerciseFile(exercise: Exercise, dir?: string, cwd = process.cwd()): string {
	return path.resolve(cwd, dir ?? path.join('zdd-learn-exercises', exercise.id), 'server.js');
}

/**
 * Writes the starter, never over a file that exists. With reset, the
 * learner's file is first kept beside it (server.js.backup-<time>), and
 * its path returned.
 */
export function writeStarter(exercise: Exercise, file: string, reset = false): {written: boolean; backup?: string} {
	mkdirSync(path.dirname(file), {recursive: true});
	ensureCommonJs(path.dirname(file));
	let backup: string | undefined;
	if (existsSync(file)) {
		if (!reset) return {written: false};
		backup = `${file}.backup-${new Date().toISOString().replaceAll(/[:.]/g, '-')}`;
		renameSync(file, backup);
	}

	copyFileSync(exercise.starter, file);
	return {written: true, ...(backup ? {backup} : {})};
}

/**
 * The exercise's folder gets a package.json of its own that makes its files CommonJS, as the starters
 * are: inside a project whose package.json says "type": "module" (this repository's, too), Node would
 * otherwise run server.js as an ES module, where require() does not exist. A package.json already
 * there is the learner's, and is left alone.
 */
export function ensureCommonJs(dir: string): void {
	const file = path.join(dir, 'package.json');
	if (existsSync(file)) return;
	mkdirSync(dir, {recursive: true});
	writeFileSync(
		file,
		`${JSON.stringify({private: true, description: 'A zdd-learn exercise: its server.js is CommonJS (require), as written.', type: 'commonjs'}, undefined, '\t')}\n`,
	);
}
