import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import {exercisesOrRefusal, UsageError} from './errors.js';
import {ensureCommonJs, exerciseFile, writeStarter} from '../exercises/files.js';
import {exerciseRun, verdictOf} from '../exercises/check.js';
import {exercisePassed, nextExercise, recordCheck} from '../exercises/progress.js';
import type {Exercise} from '../exercises/schema.js';
import type {ProgressStore} from '../progress/store.js';
import Practice from '../ui/screens/Practice.js';
import {VerifyError} from '../engine/index.js';
import {plainReport} from '../verify/report.js';
import {failureText} from '../verify/failure.js';
import type {VerifySession} from './verify.js';

export type ExerciseOptions = {id?: string; dir?: string; list: boolean; reset: boolean; check: boolean; solution: boolean};

/**
 * `zdd-learn exercise`: --list names them; otherwise the starter is written
 * (never over the learner's file, unless --reset, which keeps it as a
 * backup), and then either checked once (--check, or no terminal), or
 * watched: every save is measured again, on the practice screen.
 */
export async function exercise(
	options: ExerciseOptions,
	store: ProgressStore,
	session: VerifySession,
	interactive: boolean,
): Promise<void> {
	const exercises = await exercisesOrRefusal();
	if (options.list) {
		process.stdout.write(`${exercises.map(e => `${e.id.padEnd(28)} ${e.title}`).join('\n')}\n`);
		return;
	}

	const {progress} = store.load();
	const chosen: Exercise | undefined =
		options.id === undefined
			? (exercises.find(e => !exercisePassed(progress, e.id)) ?? exercises[0])
			: exercises.find(e => e.id === options.id);
	if (!chosen) throw new UsageError(`no exercise "${options.id}"; the exercises are: ${exercises.map(e => e.id).join(', ')}`);
	if (options.solution) {
		process.stdout.write(
			`This spoils "${chosen.title}": a reference solution (${chosen.solution}).\n\n${readFileSync(chosen.solution, 'utf8')}`,
		);
		return;
	}

	const file = exerciseFile(chosen, options.dir);
	const shown = path.relative(process.cwd(), file) || file;
	// The command that checks this file, as the learner would type it again.
	const dir = options.dir === undefined ? '' : ` --dir ${/\s/.test(options.dir) ? JSON.stringify(options.dir) : options.dir}`;
	const again = `zdd-learn exercise ${chosen.id}${dir}`;
	// --check checks the learner's file: it never writes a starter to check in its place.
	if (options.check && !options.reset && !existsSync(file)) {
		throw new UsageError(`nothing to check: there is no ${shown} (${again} writes the starter there)`);
	}

	if (options.check) ensureCommonJs(path.dirname(file));
	const written = writeStarter(chosen, file, options.reset);
	if (written.backup) process.stdout.write(`Your file is kept as ${path.relative(process.cwd(), written.backup)}.\n`);
	process.stdout.write(`${written.written ? 'Wrote the starter to' : 'Your file:'} ${shown}\n`);
	const nextOf = () => nextExercise(exercises, chosen, store.load().progress);
	const record = (passed: boolean) => {
		const next = structuredClone(store.load().progress);
		recordCheck(next, chosen.id, passed);
		store.save(next);
	};

	if (options.check || !interactive) {
		if (!options.check) {
			process.stdout.write(`${chosen.title}: ${chosen.task.join(' ')}\nEdit it, then: ${again} --check\n`);
			return;
		}

		const run = exerciseRun(chosen, file);
		session.own(() => {
			run.dispose();
		});
		try {
			let measured;
			try {
				measured = await run.run();
			} catch (error) {
				if (!(error instanceof VerifyError)) throw error;
				// The learner's file did not start (a syntax error, say): nothing was measured, which is not a failed fix.
				record(false);
				run.keepLog();
				process.stdout.write(
					`${failureText(error).replace(/^cannot verify/, 'cannot check')}\n\n✖ ${chosen.title}: not checked: it did not start. Fix what its output says, then: ${again} --check\n`,
				);
				process.exitCode = 2;
				return;
			}

			const {report, passed} = verdictOf(measured);
			record(passed);
			if (!report.clean) run.keepLog();
			const after = passed ? nextOf() : undefined;
			process.stdout.write(
				`${[
					...plainReport(report),
					'',
					passed
						? `✔ ${chosen.title}: passed. A reference solution, to compare: ${chosen.solution}${after ? `\nNext: ${after.title} (zdd-learn exercise ${after.id})` : ''}`
						: `✖ ${chosen.title}: not yet. A hint: ${chosen.hints[0]}`,
				].join('\n')}\n`,
			);
			process.exitCode = passed ? 0 : 1;
		} finally {
			run.dispose();
		}

		return;
	}

	const after = nextOf();
	await session.show(
		<Practice
			{...(after ? {next: {title: after.title, how: `zdd-learn exercise ${after.id}`}} : {})}
			exercise={chosen}
			file={file}
			own={dispose => session.own(dispose)}
			onResult={passed => {
				record(passed);
			}}
		/>,
	);
}
