import {stat} from 'node:fs/promises';
import process from 'node:process';
import {createInterface} from 'node:readline/promises';
import {portIsFree} from '../engine/index.js';
import {LessonError} from '../lessons/lesson-error.js';
import {lessonsFrom, shippedLessons} from './shipped.js';
import {CliError, exercisesOrRefusal, Refusal, UsageError} from './errors.js';
import type {Lesson} from '../lessons/schema.js';
import {parseOptions, type Options} from './options.js';
import {runPlain} from './plain.js';
import {
	raceDefaults,
	raceExitCode,
	raceOne,
	settleClaims,
	strategiesOf,
	type RaceOptions,
	type RaceResult,
	type Strategy,
} from '../race/race.js';
import {raceLegend, raceTable, raceTitle, raceVerdict} from '../race/table.js';
import Race from '../ui/screens/Race.js';
import {crashLog} from './exit.js';
import {Session} from './session.js';
import {verify} from './verify.js';
import {verifyRuns} from './verify-runs.js';
import {exercise} from './exercise.js';
import {verifyOptionsOf} from '../verify/config.js';
import {errorDocument} from '../verify/failure.js';
import {configDir, ProgressStore} from '../progress/store.js';
import {wrap} from '../shared/format.js';
import App, {type Screen} from '../ui/screens/App.js';

function fail(message: string, code: number): void {
	process.stderr.write(`zdd-learn: ${message}\n`);
	process.exitCode = code;
}

async function resetProgress(store: ProgressStore, interactive: boolean): Promise<void> {
	if (interactive) {
		const prompt = createInterface({input: process.stdin, output: process.stdout});
		// Ctrl+C at the question is a no, as the quit key everywhere else (exit 130); the end of input, a plain no.
		const answer = await new Promise<string | undefined>((resolve, reject) => {
			prompt.once('SIGINT', () => resolve(undefined));
			prompt.once('close', () => resolve('\n'));
			prompt.question(`Forget your zdd-learn progress (${store.file})? [y/N] `).then(resolve, reject);
		});
		prompt.close();
		if (answer === undefined) {
			process.stdout.write('\nKept your progress.\n');
			process.exitCode = 130;
			return;
		}

		if (!/^y(?:es)?$/i.test(answer.trim())) {
			// At the end of input the line was never ended: end it first.
			process.stdout.write(`${answer === '\n' ? '\n' : ''}Kept your progress.\n`);
			return;
		}
	}

	try {
		store.reset();
		process.stdout.write('Progress reset.\n');
	} catch (error) {
		throw new Refusal(`could not reset progress: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
	}
}

function firstScreen(options: Options, lessons: readonly Lesson[]): Screen | undefined {
	if (options.command === 'quiz') return {name: 'mode', lesson: options.lesson ?? lessons[0]!.id, mode: 'quiz'};
	if (!options.lesson) return undefined;
	return {name: 'mode', lesson: options.lesson, mode: options.mode ?? 'guided'};
}

async function race(options: Options, all: readonly Strategy[], interactive: boolean, session: Session): Promise<void> {
	const strategies = options.strategies ? options.strategies.map(id => all.find(s => s.id === id)!) : all;
	const raceOptions: RaceOptions = {
		rate: options.rate,
		durationMs: options.durationMs ?? raceDefaults.durationMs,
		keepAlive: options.keepAlive,
		seed: options.seed ?? 1,
		port: options.port,
	};
	const {lab} = session;
	if (options.json || !interactive) {
		const measured: RaceResult[] = [];
		// Nothing reaches stdout until the end (one JSON document): on a terminal, say how far it is.
		const progress = process.stderr.isTTY ? (line: string) => process.stderr.write(`\r\u001B[K${line}`) : undefined;
		for (const [index, strategy] of strategies.entries()) {
			progress?.(`zdd-learn race: ${index + 1}/${strategies.length} ${strategy.short ?? strategy.title}`);
			measured.push(await raceOne(strategy, raceOptions, undefined, lab));
		}

		progress?.('');
		const results = settleClaims(measured);

		if (options.json) {
			const document = {node: process.version, ...raceOptions, strategies: results};
			process.stdout.write(`${JSON.stringify(document, undefined, 2)}\n`);
		} else {
			const lines = [
				...wrap(raceTitle(raceOptions), 79),
				'',
				...raceTable(results, 80),
				'',
				...wrap(raceVerdict(results), 79),
				...wrap(raceLegend, 79),
			];
			process.stdout.write(`${lines.join('\n')}\n`);
		}

		process.exitCode = raceExitCode(results);
		return;
	}

	await session.show(<Race lab={lab} strategies={strategies} options={raceOptions} />);
}

async function run(flags: Record<string, unknown>, input: readonly string[], command?: readonly string[]): Promise<void> {
	if (input[0] === 'verify') {
		const options = verifyOptionsOf(flags, input.slice(1), command);
		if ('error' in options) {
			// A CI job that asked for JSON gets one document, whatever went wrong.
			if (flags['json'] === true || options.json === true)
				process.stdout.write(`${JSON.stringify(errorDocument(options.error), undefined, 2)}\n`);
			throw new UsageError(options.error);
		}

		const session = new Session({port: 0, rate: options.rate, keepAlive: options.keepAlive});
		try {
			if (options.runs > 1) await verifyRuns(options, session);
			else await verify(options, session, process.stdin.isTTY === true && process.stdout.isTTY === true);
		} finally {
			session.end();
		}

		return;
	}

	if (command) throw new UsageError('only "zdd-learn verify" takes a command after --');

	const extra = flags['lessonsDir'];
	if (extra !== undefined) {
		if (typeof extra !== 'string' || extra.trim() === '') {
			throw new UsageError('--lessons-dir expects the path of a directory of lesson files (*.json)');
		}

		const info = await stat(extra).catch((error: NodeJS.ErrnoException) => error.code ?? 'unreadable');
		if (typeof info === 'string' || !info.isDirectory()) {
			throw new UsageError(`--lessons-dir: "${extra}" is not a directory${typeof info === 'string' ? ` (${info})` : ''}`);
		}
	}

	let lessons: Lesson[];
	try {
		lessons = await shippedLessons();
		if (typeof extra === 'string') lessons = [...lessons, ...(await lessonsFrom(extra))];
	} catch (error) {
		if (error instanceof LessonError) {
			throw new Refusal(`lesson file refused: ${error.message}`);
		}

		throw error;
	}

	if (input[0] === 'exercise') {
		const known = new Set(['list', 'dir', 'reset', 'check', 'solution', 'lessonsDir']);
		const unknown = Object.keys(flags).find(name => !known.has(name));
		if (unknown)
			throw new UsageError(`--${unknown.replaceAll(/[A-Z]/g, c => `-${c.toLowerCase()}`)} does not belong to "zdd-learn exercise"`);
		if (input.length > 2) throw new UsageError(`unexpected argument "${input[2]}" (see zdd-learn --help)`);
		if (flags['dir'] !== undefined && (typeof flags['dir'] !== 'string' || flags['dir'].trim() === '')) {
			throw new UsageError('--dir expects the folder to write the exercise in');
		}

		const session = new Session({port: 0, rate: 100, keepAlive: false});
		try {
			await exercise(
				{
					id: input[1],
					...(typeof flags['dir'] === 'string' ? {dir: flags['dir']} : {}),
					list: flags['list'] === true,
					reset: flags['reset'] === true,
					check: flags['check'] === true,
					solution: flags['solution'] === true,
				},
				new ProgressStore(configDir(process.env)),
				session,
				process.stdin.isTTY === true && process.stdout.isTTY === true,
			);
		} finally {
			session.end();
		}

		return;
	}

	const allStrategies = strategiesOf(lessons);
	const options = parseOptions(
		flags,
		input,
		lessons.map(lesson => lesson.id),
		process.env,
		allStrategies.map(strategy => strategy.id),
	);
	if ('error' in options) {
		throw new UsageError(options.error);
	}

	if (options.mode && options.command === 'learn' && !options.lesson) {
		throw new UsageError('--mode needs --lesson <id> too');
	}

	const interactive = process.stdin.isTTY === true && process.stdout.isTTY === true;
	const store = new ProgressStore(configDir(process.env));
	if (options.resetProgress) {
		await resetProgress(store, interactive);
		return;
	}

	const lesson = lessons.find(l => l.id === options.lesson) ?? lessons[0]!;
	if (!interactive && options.command === 'quiz') {
		throw new UsageError('the quiz needs an interactive terminal to answer in');
	}

	if (!interactive && (options.mode === 'snapshot' || options.mode === 'transcript')) {
		const text = options.mode === 'snapshot' ? lesson.snapshot.map((line, i) => `${i + 1}. ${line}`) : lesson.transcript;
		process.stdout.write(
			`${text.flatMap((line, i) => [...(i > 0 && options.mode === 'transcript' ? [''] : []), ...wrap(line, 80)]).join('\n')}\n`,
		);
		return;
	}

	if (options.port !== 0 && !(await portIsFree(options.port, '127.0.0.1'))) {
		throw new Refusal(
			`port ${options.port} on 127.0.0.1 is already in use; free it, pick another --port, or leave --port out to use a free one`,
		);
	}

	const session = new Session(options);
	try {
		await present(options, lessons, allStrategies, interactive, store, session);
	} finally {
		session.end();
	}
}

/** The race, the plain account or the app, in the session. */
async function present(
	options: Options,
	lessons: readonly Lesson[],
	allStrategies: readonly Strategy[],
	interactive: boolean,
	store: ProgressStore,
	session: Session,
): Promise<void> {
	if (options.command === 'race') {
		await race(options, allStrategies, interactive, session);
		return;
	}

	const {lab} = session;
	const lesson = lessons.find(l => l.id === options.lesson) ?? lessons[0]!;
	if (!interactive) {
		const failedStart = await runPlain(lab, lesson, line => process.stdout.write(`${line}\n`), new Set(lessons.map(l => l.id)));
		if (failedStart) throw new Refusal(failedStart);
		return;
	}

	const {progress, warning} = store.load();
	const exercises = await exercisesOrRefusal();
	await session.show(
		<App
			exercises={exercises}
			lab={lab}
			lessons={lessons}
			initial={firstScreen(options, lessons)}
			store={store}
			progress={progress}
			warning={warning}
			settings={{reducedMotion: options.reducedMotion, seed: options.seed}}
		/>,
	);
}

/** Everything after the flags are parsed: lessons, checks, the app or the plain run, and the end. */
export async function main(flags: Record<string, unknown>, input: readonly string[], command?: readonly string[]): Promise<void> {
	try {
		await run(flags, input, command);
	} catch (error) {
		if (error instanceof CliError) {
			fail(error.message, error.exitCode);
			return;
		}

		const file = crashLog(error);
		fail(`unexpected error: ${error instanceof Error ? error.message : String(error)}${file ? ` (details in ${file})` : ''}`, 1);
	}
}
