import {copyFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, symlinkSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {exerciseRun, verdictOf} from '../source/exercises/check.js';
import {loadExercises} from '../source/exercises/load.js';
import {exercisePassed, exerciseState, recordCheck} from '../source/exercises/progress.js';
import type {Progress} from '../source/progress/store.js';
import {bundledLessonsDir, loadLessons} from '../source/lessons/load.js';
import {runCli, runInTerminal} from './run-cli.js';

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
		expect(exercises.map(e => e.id)).toEqual([
			'handle-the-signal',
			'keep-serving-until-let-go',
			'let-keep-alive-go',
			'say-ready-when-ready',
		]);
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
			it.each([1, 2])(`${exercise.id}: the starter fails, with ${exercise.expects.join(' or ')} (run %i)`, async () => {
				const {report, passed} = await check(exercise.id, exercise.starter);
				expect(passed).toBe(false);
				expect(
					report.findings.map(f => f.id).some(id => exercise.expects.includes(id)),
					JSON.stringify(report.findings),
				).toBe(true);
			});

			it.each([1, 2])(`${exercise.id}: the reference solution drops nothing and shows nothing (run %i)`, async () => {
				const {report, passed} = await check(exercise.id, exercise.solution);
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
		copyFileSync(exercises.find(e => e.id === 'keep-serving-until-let-go')!.solution, file);
		const passing = await runCli(['exercise', 'keep-serving-until-let-go', '--dir', dir, '--check']);
		expect(passing.code, passing.stdout).toBe(0);
		expect(passing.stdout).toContain('✔ Keep serving until the balancer has let go: passed.');
	});

	it('a file that does not start (a syntax error): the error line, told apart from a fix that failed (exit 2), no crash', async () => {
		const dir = mkdtempSync(path.join(scratch, 'syntax-'));
		writeFileSync(path.join(dir, 'server.js'), "const express = require('express');\nconst app = express(;\n");
		const {code, stdout, stderr} = await runCli(['exercise', 'handle-the-signal', '--dir', dir, '--check']);
		expect(code).toBe(2);
		expect(stdout).toMatch(/^cannot check: the old instance exited with code 1 before it listened/m);
		expect(stdout).toContain('SyntaxError');
		expect(stdout).toContain(
			`not checked: it did not start. Fix what its output says, then: zdd-learn exercise handle-the-signal --dir ${dir} --check`,
		);
		expect(stderr).toBe('');
	});

	it('inside an ES-module project ("type": "module"), the starter still starts: its folder is CommonJS of its own', async () => {
		const project = mkdtempSync(path.join(scratch, 'esm-'));
		writeFileSync(path.join(project, 'package.json'), '{"name": "mine", "type": "module"}\n');
		const first = await runCli(['exercise', 'handle-the-signal'], {cwd: project});
		expect(first.code).toBe(0);
		const folder = path.join(project, 'zdd-learn-exercises', 'handle-the-signal');
		expect(readdirSync(folder).sort()).toEqual(['package.json', 'server.js']);
		expect(JSON.parse(readFileSync(path.join(folder, 'package.json'), 'utf8'))).toMatchObject({type: 'commonjs'});
		// The project's own package.json is untouched.
		expect(readFileSync(path.join(project, 'package.json'), 'utf8')).toBe('{"name": "mine", "type": "module"}\n');
		const check = await runCli(['exercise', 'handle-the-signal', '--check'], {cwd: project});
		expect(check.stdout).not.toContain('require is not defined');
		expect(check.code, check.stdout).toBe(1);
		expect(check.stdout).toContain('✖ Handle the signal at all: not yet');
	});

	it('--dir: the command it prints checks that folder; --check on a folder with no file refuses, and writes nothing', async () => {
		const dir = path.join(mkdtempSync(path.join(scratch, 'dir-')), 'my exercise');
		const first = await runCli(['exercise', 'handle-the-signal', '--dir', dir]);
		expect(first.stdout).toContain(`Edit it, then: zdd-learn exercise handle-the-signal --dir "${dir}" --check`);
		const missing = path.join(scratch, 'no-such-folder');
		const refused = await runCli(['exercise', 'handle-the-signal', '--check', '--dir', missing]);
		expect(refused.code).toBe(2);
		expect(refused.stderr).toMatch(
			/^zdd-learn: nothing to check: there is no .*no-such-folder\/server\.js \(zdd-learn exercise handle-the-signal --dir .*no-such-folder writes the starter there\)\n$/,
		);
		expect(existsSync(missing)).toBe(false);
	});

	it('a pass is kept: a later failing check is said beside it, and the exercise still counts as passed', () => {
		const progress: Progress = {version: 1, lessons: {}};
		recordCheck(progress, 'handle-the-signal', true);
		recordCheck(progress, 'handle-the-signal', false);
		expect(exercisePassed(progress, 'handle-the-signal')).toBe(true);
		expect(exerciseState(progress, 'handle-the-signal')).toBe('✔ passed (the last check failed)');
		recordCheck(progress, 'say-ready-when-ready', false);
		expect(exercisePassed(progress, 'say-ready-when-ready')).toBe(false);
		expect(exerciseState(progress, 'say-ready-when-ready')).toBe('failing');
	});
});

describe.runIf(process.platform === 'linux')('zdd-learn exercise on a terminal', () => {
	it('e hands the file to $EDITOR (here a script that saves the fix); on its return the fix is measured and passes', async () => {
		const dir = mkdtempSync(path.join(scratch, 'editor-'));
		const log = path.join(dir, 'editor.log');
		const editor = path.join(dir, 'fix.sh');
		const solution = exercises.find(e => e.id === 'handle-the-signal')!.solution;
		writeFileSync(editor, `#!/bin/sh\necho "$1" >> '${log}'\ncp '${solution}' "$1"\n`, {mode: 0o755});
		const term = runInTerminal(
			['exercise', 'handle-the-signal', '--dir', dir],
			{columns: 80, rows: 24},
			{EDITOR: editor, VISUAL: ''},
			{probe: true},
		);
		try {
			await term.waitFor(s => s.includes('e edit'), 'the footer offers the editor', 30_000);
			term.send('e');
			await term.waitFor(s => s.includes('✔ Passed'), 'the fix measured', 40_000);
			expect(readFileSync(log, 'utf8')).toBe(`${path.join(dir, 'server.js')}\n`);
			term.send('q');
			await term.waitFor(() => term.raw().includes('PROBE-END'), 'the CLI to end', 5000);
			expect(Number(/EXIT=(\d+)/.exec(term.raw())?.[1])).toBe(0);
		} finally {
			term.kill();
		}
	});

	it('measures the starter, then measures again on save: the fix passes, and progress says so', async () => {
		const dir = mkdtempSync(path.join(scratch, 'watch-'));
		const term = runInTerminal(['exercise', 'handle-the-signal', '--dir', dir], {columns: 80, rows: 24}, {}, {probe: true});
		try {
			await term.waitFor(s => s.includes('✖ Not yet'), 'the starter measured', 30_000);
			term.send('h');
			await term.waitFor(s => s.includes('Hint 1:'), 'the first hint');
			// Saved as editors do: a new file renamed over the old one.
			const draft = path.join(dir, '.server.js.swp');
			copyFileSync(exercises.find(e => e.id === 'handle-the-signal')!.solution, draft);
			renameSync(draft, path.join(dir, 'server.js'));
			await term.waitFor(s => s.includes('✔ Passed'), 'the fix measured', 40_000);
			term.send('q');
			await term.waitFor(() => term.raw().includes('PROBE-END'), 'the CLI to end', 5000);
			expect(Number(/EXIT=(\d+)/.exec(term.raw())?.[1])).toBe(0);
			const progress = JSON.parse(readFileSync(path.join(term.configDir, 'progress.json'), 'utf8')) as {exercises: Record<string, unknown>};
			expect(progress.exercises['handle-the-signal']).toEqual({passed: true, lastPassed: true});
		} finally {
			term.kill();
		}
	});

	it('a save in place (the same file written over) is measured, and so is one that raises no file event (the poll)', async () => {
		const exercise = exercises.find(e => e.id === 'handle-the-signal')!;
		const dir = mkdtempSync(path.join(scratch, 'in-place-'));
		const file = path.join(dir, 'server.js');
		const term = runInTerminal(['exercise', exercise.id, '--dir', dir], {columns: 80, rows: 24}, {}, {probe: true});
		try {
			await term.waitFor(s => s.includes('✖ Not yet'), 'the starter measured', 30_000);
			// Written over in place, as some editors save: no new file, no rename.
			writeFileSync(file, readFileSync(exercise.solution));
			await term.waitFor(s => s.includes('✔ Passed'), 'the fix measured', 40_000);
			// Now the file is a link to one kept in another folder (the link itself arrives by a rename: an event) ...
			const real = path.join(mkdtempSync(path.join(scratch, 'elsewhere-')), 'server.js');
			copyFileSync(exercise.starter, real);
			symlinkSync(real, path.join(dir, 'link.tmp'));
			renameSync(path.join(dir, 'link.tmp'), file);
			await term.waitFor(s => s.includes('✖ Not yet'), 'the starter, through the link', 40_000);
			// ... and a save there raises no event in the watched folder: only the poll sees it.
			writeFileSync(real, readFileSync(exercise.solution));
			await term.waitFor(s => s.includes('✔ Passed'), 'the fix, seen by the poll', 40_000);
			term.send('q');
			await term.waitFor(() => term.raw().includes('PROBE-END'), 'the CLI to end', 5000);
		} finally {
			term.kill();
		}
	});
});
