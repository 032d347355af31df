import {spawnSync} from 'node:child_process';
import {watch, watchFile, unwatchFile} from 'node:fs';
import path from 'node:path';
import {Box, Text, useStdin, useStdout} from 'ink';
import {useEffect, useRef, useState} from 'react';
import {VerifyError, type VerifyLive} from '../../engine/index.js';
import {exerciseRun, passed, verdictOf} from '../../exercises/check.js';
import type {Exercise} from '../../exercises/schema.js';
import {wrap} from '../../lessons/format.js';
import {failedOf, failureText, type VerifyReport} from '../../verify/report.js';
import {useKeys} from '../hooks/keys.js';
import {useTerminalSize} from '../hooks/use-terminal-size.js';
import {bindings, type Keymap} from '../keymap.js';
import {useExit, useInputActive} from '../Root.js';
import {measuredColor} from '../theme.js';
import Failures from '../widgets/Failures.js';
import Footer from '../widgets/Footer.js';
import OutcomeCount from '../widgets/OutcomeCount.js';
import Spinner from '../widgets/Spinner.js';
import Timeline from '../widgets/Timeline.js';

type Props = {
	exercise: Exercise;
	file: string;
	/** Hands each run to whoever ends the process on a signal; the function it returns lets it go. */
	own: (dispose: () => void) => () => void;
	/** Each finished check: whether it passed. */
	onResult: (passed: boolean) => void;
	/** In the app: q goes back. Without it, q ends the CLI. */
	onLeave?: () => void;
	/** Offered after a pass: the next exercise, and how to open it. */
	next?: {title: string; how: string};
	/** What q says it does (back, quit). */
	leaveLabel?: string;
};

type Outcome = {report: VerifyReport; passed: boolean} | {failure: string};

/** The learner's editor, as the shell names it: $VISUAL, else $EDITOR; undefined when neither is set. */
export function editorCommand(env: NodeJS.ProcessEnv = process.env): string | undefined {
	return [env['VISUAL'], env['EDITOR']].find(value => value !== undefined && value.trim() !== '')?.trim();
}

/** A path as one shell word (cmd.exe on Windows takes double quotes). */
const shellWord = (text: string) => (process.platform === 'win32' ? `"${text}"` : `'${text.replaceAll("'", `'\\''`)}'`);

function keymapOf(editor: string | undefined, leave: string): Keymap {
	return {
		title: 'fix it yourself',
		bindings: [
			...(editor ? [{keys: 'e', help: `open the file in your editor (${editor})`, footer: 'edit'}] : []),
			{keys: 'r', help: 'check again now (every save checks it too)', footer: 'check'},
			{keys: 'h', help: 'the next hint', footer: 'hint'},
			bindings.leave(leave, leave),
			bindings.quit,
		],
	};
}

/**
 * An exercise in the learner's own editor: the task, the file, and a fresh
 * measured deploy of it on every save (file events, and a poll every second
 * where they do not arrive), each clearing the one before; r checks by hand.
 */
export default function Practice({exercise, file, own, onResult, onLeave, next, leaveLabel = 'quit'}: Props) {
	const exit = useExit();
	const {stdin} = useStdin();
	const {stdout} = useStdout();
	const editor = editorCommand();
	const [editorNote, setEditorNote] = useState<string | undefined>();
	/** Stops the check under way. */
	const running = useRef<() => void>(undefined);
	/** File events before this moment start no check (those queued while the editor had the terminal). */
	const quietUntil = useRef(0);
	const size = useTerminalSize();
	const [round, setRound] = useState(0);
	const [hints, setHints] = useState(0);
	const [live, setLive] = useState<VerifyLive | undefined>();
	const [outcome, setOutcome] = useState<Outcome | undefined>();
	/** The first measured check of this sitting (the starter, usually): shown beside a pass. */
	const [first, setFirst] = useState<VerifyReport | undefined>();

	// Every save (an editor's atomic rename included) starts a fresh check, 300 ms after the last event.
	useEffect(() => {
		let timer: NodeJS.Timeout | undefined;
		const changed = () => {
			if (performance.now() < quietUntil.current) return;
			clearTimeout(timer);
			timer = setTimeout(() => {
				setRound(n => n + 1);
			}, 300);
		};

		// File events where the system has them; the poll below covers the rest (and a watcher that fails).
		let events: ReturnType<typeof watch> | undefined;
		try {
			events = watch(path.dirname(file), (_event, name) => {
				if (name === null || name === path.basename(file)) changed();
			});
			events.on('error', () => {
				events?.close();
			});
		} catch {
			events = undefined;
		}

		watchFile(file, {interval: 1000}, (now, before) => {
			if (now.mtimeMs !== before.mtimeMs) changed();
		});
		return () => {
			clearTimeout(timer);
			events?.close();
			unwatchFile(file);
		};
	}, [file]);

	useEffect(() => {
		const run = exerciseRun(exercise, file);
		const release = own(() => {
			run.dispose();
		});
		running.current = () => {
			run.dispose();
		};
		let current = true;
		setOutcome(undefined);
		setLive(undefined);
		const ticker = setInterval(() => {
			setLive(run.live());
		}, 100);
		void run.run().then(
			measured => {
				if (!current) return;
				const verdict = verdictOf(measured);
				setOutcome(verdict);
				setFirst(previous => previous ?? verdict.report);
				onResult(verdict.passed);
			},
			(error: unknown) => {
				if (current) setOutcome({failure: error instanceof VerifyError ? failureText(error) : String(error)});
			},
		);
		return () => {
			current = false;
			clearInterval(ticker);
			run.dispose();
			release();
		};
		// onResult and own are the caller's: a new check follows a save or r, not a new callback.
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, [exercise, file, round]);

	useKeys(
		(input, key) => {
			if (input === 'q' || key.escape) {
				if (onLeave) onLeave();
				else exit('quit');
			} else if (input === 'e' && editor) {
				// The editor gets the terminal until it exits; the check under way stops first (it could not be measured meanwhile).
				running.current?.();
				// The editor gets the terminal as a shell would give it: not in raw mode, and its Ctrl+C is its own.
				const raw = stdin.isTTY === true;
				if (raw) stdin.setRawMode(false);
				// A Ctrl+C meant for the editor reaches this process too; it is taken once the editor has exited, so
				// zdd-learn's own handlers (which would end it) step aside until then.
				const handlers = process.listeners('SIGINT');
				const ignore = () => {};
				process.removeAllListeners('SIGINT');
				process.on('SIGINT', ignore);
				const result = spawnSync(`${editor} ${shellWord(file)}`, {shell: true, stdio: 'inherit'});
				setTimeout(() => {
					process.off('SIGINT', ignore);
					for (const handler of handlers) process.on('SIGINT', handler);
				}, 100);
				if (raw) stdin.setRawMode(true);
				// Whatever the editor left on the screen goes (not the scrollback); the next frame is drawn whole.
				stdout.write('\u001B[2J\u001B[H');
				setEditorNote(
					result.error
						? `${editor} did not start: ${result.error.message}`
						: result.status === 0
							? undefined
							: `${editor} exited with ${result.status === null ? String(result.signal) : `code ${result.status}`}`,
				);
				// The saves made in the editor were queued meanwhile: this one check covers them.
				quietUntil.current = performance.now() + 1500;
				setRound(n => n + 1);
			} else if (input === 'r') setRound(n => n + 1);
			else if (input === 'h') setHints(n => Math.min(exercise.hints.length, n + 1));
		},
		{isActive: useInputActive()},
	);

	const width = Math.min(size.columns - 1, 100);
	const t = live?.counts;
	return (
		<Box flexDirection="column" width={width}>
			<Text bold wrap="truncate">
				<Text color="cyan">Fix it yourself</Text> · {exercise.title}
			</Text>
			{exercise.task.flatMap((line, i) => wrap(line, width).map((part, j) => <Text key={`t-${String(i)}-${String(j)}`}>{part}</Text>))}
			<Text wrap="truncate" dimColor>
				{path.relative(process.cwd(), file) || file} · checked on every save (file events, and a poll every second) · r checks now
			</Text>
			{editorNote ? (
				<Text wrap="truncate" color="yellow">
					{editorNote}
				</Text>
			) : null}
			{exercise.hints.slice(0, hints).flatMap((hint, i) =>
				wrap(`Hint ${i + 1}: ${hint}`, width).map((line, j) => (
					<Text key={`h-${String(i)}-${String(j)}`} color="yellow">
						{line}
					</Text>
				)),
			)}
			<Box marginTop={1} flexDirection="column">
				{live ? (
					<Timeline
						data={live.timeline}
						width={width}
						untilMs={outcome === undefined ? live.at : undefined}
						names={{old: 'old', new: 'new'}}
						gapMs={live.gapMs}
					/>
				) : null}
				{outcome === undefined ? (
					<>
						<Text>
							<Spinner /> deploying your file under load
							{live?.events.at(-1) ? <Text dimColor> · {live.events.at(-1)!.what}</Text> : null}
						</Text>
						{t ? (
							<Text wrap="truncate">
								sent {t.sent} · <OutcomeCount kind="old" n={t.old} /> · <OutcomeCount kind="new" n={t.new} /> ·{' '}
								<Failures counts={t} always5xx />
							</Text>
						) : null}
					</>
				) : 'failure' in outcome ? (
					wrap(outcome.failure, width)
						.slice(0, Math.max(3, size.rows - 12))
						.map((line, i) => (
							<Text key={`f-${String(i)}`} color={i === 0 ? 'red' : undefined}>
								{line}
							</Text>
						))
				) : (
					<>
						<Text bold color={measuredColor(outcome.passed)}>
							{outcome.passed
								? '✔ Passed: nothing dropped, nothing found.'
								: failedOf(outcome.report) === 0
									? `✖ Not yet: no request failed, but ${outcome.report.findings.length === 1 ? 'one thing was found' : `${outcome.report.findings.length} things were found`}.`
									: `✖ Not yet: ${failedOf(outcome.report)} of ${outcome.report.sent} requests failed.`}
						</Text>
						{outcome.passed && first && first !== outcome.report && !passed(first) ? (
							<Text wrap="truncate">
								Before: {failedOf(first)} of {first.sent} failed, {first.findings.length} finding{first.findings.length === 1 ? '' : 's'} ·
								now: {failedOf(outcome.report)} of {outcome.report.sent}, none
							</Text>
						) : null}
						{outcome.passed
							? wrap(`A reference solution, to compare: ${exercise.solution}`, width).map((line, i) => (
									<Text key={`s-${String(i)}`} dimColor>
										{line}
									</Text>
								))
							: null}
						{outcome.passed && next ? (
							<Text color="cyan" wrap="truncate">
								Next: {next.title} ({next.how})
							</Text>
						) : null}
						{outcome.report.findings.flatMap(finding =>
							wrap(`• ${finding.text}`, width).map((line, i) => <Text key={`${finding.id}-${String(i)}`}>{line}</Text>),
						)}
					</>
				)}
			</Box>
			<Box marginTop={1}>
				<Footer keymap={keymapOf(editor, leaveLabel)} />
			</Box>
		</Box>
	);
}
