import {spawnSync} from 'node:child_process';
import {watch, watchFile, unwatchFile} from 'node:fs';
import path from 'node:path';
import {Box, Text, useStdin, useStdout} from 'ink';
import {useEffect, useRef, useState} from 'react';
import {VerifyError, type VerifyLive} from '../../engine/index.js';
import {exerciseRun, verdictOf} from '../../exercises/check.js';
import type {Exercise} from '../../exercises/schema.js';
import {failureText, type VerifyReport} from '../../verify/report.js';
import {useKeys} from '../hooks/keys.js';
import {useHelp} from '../hooks/use-help.js';
import {useScroll} from '../hooks/use-scroll.js';
import {useTerminalSize} from '../hooks/use-terminal-size.js';
import {bindings, scrollBindings, type Keymap} from '../keymap.js';
import {useExit, useInputActive} from '../Root.js';
import Footer from '../widgets/Footer.js';
import Help from '../widgets/Help.js';
import {practiceBlocks, type Outcome} from './PracticeBody.js';

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

/** The learner's editor, as the shell names it: $VISUAL, else $EDITOR; undefined when neither is set. */
export function editorCommand(env: NodeJS.ProcessEnv = process.env): string | undefined {
	return [env['VISUAL'], env['EDITOR']].find(value => value !== undefined && value.trim() !== '')?.trim();
}

/** A path as one shell word (cmd.exe on Windows takes double quotes). */
const shellWord = (text: string) => (process.platform === 'win32' ? `"${text}"` : `'${text.replaceAll("'", `'\\''`)}'`);

/** The scrolling keys show in the footer only when the screen is taller than the terminal. */
function keymapOf(editor: string | undefined, leave: string, scrolls: boolean): Keymap {
	return {
		title: 'fix it yourself',
		bindings: [
			...(editor ? [{keys: 'e', help: `open the file in your editor (${editor})`, footer: 'edit'}] : []),
			{keys: 'r', help: 'check again now (every save checks it too)', footer: 'check'},
			{keys: 'h', help: 'the next hint', footer: 'hint'},
			...scrollBindings(scrolls),
			bindings.help,
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

	const width = Math.min(size.columns - 1, 100);
	const blocks = practiceBlocks({exercise, file, editorNote, hints, live, outcome, first, next, width});
	// Under the title; above the footer and the blank line over it; a row spare, so the screen never fills the terminal.
	const scroll = useScroll(
		blocks.reduce((sum, block) => sum + block.height, 0),
		size.rows - 4,
		round,
	);
	const help = useHelp();
	const keymap = keymapOf(editor, leaveLabel, scroll.scrolls);
	const shown = blocks.map(block => (
		<Box key={block.key} flexDirection="column" flexShrink={0}>
			{block.node}
		</Box>
	));

	useKeys(
		(input, key) => {
			if (help.keys(input, key)) return;
			if (scroll.keys(input, key)) return;
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

	return (
		<Box flexDirection="column" width={width}>
			<Text bold wrap="truncate">
				<Text color="cyan">Fix it yourself</Text> · {exercise.title}
			</Text>
			{help.open ? (
				<Help keymap={keymap} />
			) : scroll.scrolls ? (
				<Box flexDirection="column">
					{/* The page of the blocks on display: those above it move up out of the box, those below are cut off by it. */}
					<Box height={scroll.page} overflow="hidden" flexDirection="column">
						<Box marginTop={-scroll.top} flexDirection="column" flexShrink={0}>
							{shown}
						</Box>
					</Box>
					<Text dimColor>{scroll.cue}</Text>
				</Box>
			) : (
				<Box flexDirection="column">{shown}</Box>
			)}
			<Box marginTop={1}>
				<Footer keymap={keymap} />
			</Box>
		</Box>
	);
}
