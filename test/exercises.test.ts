import {copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync, cpSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {exerciseRun, verdictOf} from '../source/exercises/check.js';
import {loadExercises} from '../source/exercises/load.js';
import {bundledLessonsDir, loadLessons} from '../source/lessons/load.js';
import {runCli} from './run-cli.js';

const lessonIds = (await loadLessons(bundledLessonsDir)).map(lesson => lesson.id);
const exercises = await loadExercises(lessonIds);
/** A folder with no node_modules anywhere above it: the exercise's require('express') gets the one zdd-learn ships. */
const scratch = mkdtempSync(path.join(os.tmpdir(), 'zdd-exercises-'));
const runs: Array<{dispose: () => void}> = [];
afterAll(() => {
	for (const run of runs) run.dispose();
});

async function check(id: string, source: string) {
	const exercise = exercises.find(e => e.id === id)!;
	const dir = mkdtempSync(path.join(scratch, `${id}-`));
	const file = path.join(dir, 'server.js');
	copyFileSync(source, file);
	const run = exerciseRun(exercise, file);
	runs.push(run);
	try {
		return verdictOf(await run.run());
	} finally {
		run.dispose();
	}
}

describe('exercises', () => {
	it('each is data beside its lesson, validated, with a starter, three hints and what it expects', () => {
		expect(exercises.map(e => e.id)).toEqual(['handle-the-signal', 'keep-serving-until-let-go', 'say-ready-when-ready']);
		for (const exercise of exercises) {
			expect(lessonIds).toContain(exercise.lesson);
			expect(exercise.hints).toHaveLength(3);
			expect(existsSync(exercise.starter)).toBe(true);
		}
	});

	it('a broken exercise file is refused with the file, the field and what was expected', async () => {
		const dir = mkdtempSync(path.join(scratch, 'broken-'));
		cpSync(path.dirname(exercises[0]!.starter), path.join(dir, 'one'), {recursive: true});
		const file = path.join(dir, 'one', 'exercise.json');
		const data = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
		writeFileSync(file, JSON.stringify({...data, hints: ['only one']}));
		await expect(loadExercises(lessonIds, dir)).rejects.toThrow(/one\/exercise\.json: hints: /);
		writeFileSync(file, JSON.stringify({...data, lesson: 'nope'}));
		await expect(loadExercises(lessonIds, dir)).rejects.toThrow(
			/one\/exercise\.json: lesson: expected the id of a lesson \(.*\), got "nope"/,
		);
	});

	describe.runIf(process.platform === 'linux')('each starter fails with the finding it expects; each reference solution passes', () => {
		for (const exercise of exercises) {
			it(`${exercise.id}: the starter fails, with ${exercise.expects.join(' or ')}`, async () => {
				const {report, passed} = await check(exercise.id, exercise.starter);
				expect(passed).toBe(false);
				expect(
					report.findings.map(f => f.id).some(id => exercise.expects.includes(id)),
					JSON.stringify(report.findings),
				).toBe(true);
			});

			it.each([1, 2])(`${exercise.id}: the reference solution drops nothing and shows nothing (run %i)`, async () => {
				const {report, passed} = await check(exercise.id, path.resolve('test/fixtures/exercises', `${exercise.id}.js`));
				expect(report.findings).toEqual([]);
				expect(report.zeroDowntime, JSON.stringify(report.outcomes)).toBe(true);
				expect(passed).toBe(true);
			});
		}
	});
});

describe.runIf(process.platform === 'linux')('zdd-learn exercise, without a terminal', () => {
	it('--list names each exercise on a line', async () => {
		const {code, stdout} = await runCli(['exercise', '--list']);
		expect(code).toBe(0);
		expect(
			stdout
				.trim()
				.split('\n')
				.map(line => line.split(/\s+/)[0]),
		).toEqual(exercises.map(e => e.id));
	});

	it('writes the starter, never over your file; --reset keeps yours as a backup; --check exits 1 on the starter, 0 on a fix', async () => {
		const dir = mkdtempSync(path.join(scratch, 'cli-'));
		const first = await runCli(['exercise', 'keep-serving-until-let-go', '--dir', dir]);
		expect(first.code).toBe(0);
		expect(first.stdout).toContain('Wrote the starter to');
		const file = path.join(dir, 'server.js');
		const starter = readFileSync(file, 'utf8');
		writeFileSync(file, '// mine\n');
		const again = await runCli(['exercise', 'keep-serving-until-let-go', '--dir', dir]);
		expect(again.stdout).toContain('Your file:');
		expect(readFileSync(file, 'utf8')).toBe('// mine\n');
		await runCli(['exercise', 'keep-serving-until-let-go', '--dir', dir, '--reset']);
		expect(readFileSync(file, 'utf8')).toBe(starter);
		const backup = readdirSync(dir).find(name => name.startsWith('server.js.backup-'))!;
		expect(readFileSync(path.join(dir, backup), 'utf8')).toBe('// mine\n');

		const failing = await runCli(['exercise', 'keep-serving-until-let-go', '--dir', dir, '--check']);
		expect(failing.code).toBe(1);
		expect(failing.stdout).toContain('✖ Keep serving until the balancer has let go: not yet');
		copyFileSync('test/fixtures/exercises/keep-serving-until-let-go.js', file);
		const passing = await runCli(['exercise', 'keep-serving-until-let-go', '--dir', dir, '--check']);
		expect(passing.code, passing.stdout).toBe(0);
		expect(passing.stdout).toContain('✔ Keep serving until the balancer has let go: passed.');
	});

	it('a file that does not start (a syntax error): the error line, the check fails, no crash', async () => {
		const dir = mkdtempSync(path.join(scratch, 'syntax-'));
		writeFileSync(path.join(dir, 'server.js'), "const express = require('express');\nconst app = express(;\n");
		const {code, stdout, stderr} = await runCli(['exercise', 'handle-the-signal', '--dir', dir, '--check']);
		expect(code).toBe(1);
		expect(stdout).toContain('SyntaxError');
		expect(stdout).toContain('not yet (it did not start)');
		expect(stderr).toBe('');
	});
});
