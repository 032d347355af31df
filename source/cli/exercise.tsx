import {readFileSync} from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import {loadExercises} from '../exercises/load.js';
import {exerciseFile, writeStarter} from '../exercises/files.js';
import {exerciseRun, verdictOf} from '../exercises/check.js';
import type {Exercise} from '../exercises/schema.js';
import type {ProgressStore} from '../progress/store.js';
import Practice from '../ui/screens/Practice.js';
import {VerifyError} from '../engine/index.js';
import {failureText, plainReport} from '../verify/report.js';
import type {VerifySession} from './verify.js';

export type ExerciseOptions = {id?: string; dir?: string; list: boolean; reset: boolean; check: boolean; solution: boolean};

/** What bad input to `zdd-learn exercise` gets: one line, exit 2. */
export class ExerciseUsage extends Error {
	readonly exitCode = 2;
}

/**
 * `zdd-learn exercise`: --list names them; otherwise the starter is written
 * (never over the learner's file, unless --reset, which keeps it as a
 * backup), and then either checked once (--check, or no terminal), or
 * watched: every save is measured again, on the practice screen.
 */
export async function exercise(
	options: ExerciseOptions,
	lessonIds: readonly string[],
	store: ProgressStore,
	session: VerifySession,
	interactive: boolean,
): Promise<void> {
	const exercises = await loadExercises(lessonIds);
	if (options.list) {
		process.stdout.write(`${exercises.map(e => `${e.id.padEnd(28)} ${e.title}`).join('\n')}\n`);
		return;
	}

	const {progress} = store.load();
	const chosen: Exercise | undefined =
		options.id === undefined
			? (exercises.find(e => !progress.exercises?.[e.id]?.passed) ?? exercises[0])
			: exercises.find(e => e.id === options.id);
	if (!chosen) throw new ExerciseUsage(`no exercise "${options.id}"; the exercises are: ${exercises.map(e => e.id).join(', ')}`);
	if (options.solution) {
		process.stdout.write(
			`This spoils "${chosen.title}": a reference solution (${chosen.solution}).\n\n${readFileSync(chosen.solution, 'utf8')}`,
		);
		return;
	}

	const file = exerciseFile(chosen, options.dir);
	const written = writeStarter(chosen, file, options.reset);
	const shown = path.relative(process.cwd(), file) || file;
	if (written.backup) process.stdout.write(`Your file is kept as ${path.relative(process.cwd(), written.backup)}.\n`);
	process.stdout.write(`${written.written ? 'Wrote the starter to' : 'Your file:'} ${shown}\n`);
	const nextOf = () => exercises.slice(exercises.indexOf(chosen) + 1).find(e => !store.load().progress.exercises?.[e.id]?.passed);
	const record = (passed: boolean) => {
		const next = structuredClone(store.load().progress);
		next.exercises ??= {};
		const before = next.exercises[chosen.id];
		next.exercises[chosen.id] = {passed: passed || (before?.passed ?? false), lastPassed: passed};
		store.save(next);
	};

	if (options.check || !interactive) {
		if (!options.check) {
			process.stdout.write(`${chosen.title}: ${chosen.task.join(' ')}\nEdit it, then: zdd-learn exercise ${chosen.id} --check\n`);
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
				// The learner's file did not start (a syntax error, say): the check fails, and says why.
				record(false);
				process.stdout.write(`${failureText(error)}\n\n✖ ${chosen.title}: not yet (it did not start).\n`);
				process.exitCode = 1;
				return;
			}

			const {report, passed} = verdictOf(measured);
			record(passed);
			process.stdout.write(
				`${[
					...plainReport(report),
					'',
					passed
						? `✔ ${chosen.title}: passed. A reference solution, to compare: ${chosen.solution}${nextOf() ? `\nNext: ${nextOf()!.title} (zdd-learn exercise ${nextOf()!.id})` : ''}`
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
