import {Box, Text, useStdin, useStdout} from 'ink';
import {useEffect, useReducer, useRef} from 'react';
import {VerifyError} from '../../engine/index.js';
import {exerciseRun, verdictOf} from '../../exercises/check.js';
import {watchSaves} from '../../exercises/watch.js';
import type {Exercise} from '../../exercises/schema.js';
import {failureText} from '../../verify/failure.js';
import {editorCommand, openInEditor} from '../editor.js';
import {initialPractice, practiceStep} from '../state/practice.js';
import {useKeys} from '../hooks/keys.js';
import {useHelp} from '../hooks/use-help.js';
import {useScroll} from '../hooks/use-scroll.js';
import {useTerminalSize} from '../hooks/use-terminal-size.js';
import {bindings, scrollBindings, type Keymap} from '../keymap.js';
import {useExit, useInputActive} from '../Root.js';
import Footer from '../widgets/Footer.js';
import Help from '../widgets/Help.js';
import {practiceBlocks} from './PracticeBody.js';

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
	/** Stops the check under way. */
	const running = useRef<() => void>(undefined);
	const size = useTerminalSize();
	const [state, dispatch] = useReducer(practiceStep, initialPractice);
	const {round} = state;

	// Every save starts a fresh check (see watchSaves).
	useEffect(
		() =>
			watchSaves(file, () => {
				dispatch({type: 'saved', at: performance.now()});
			}),
		[file],
	);

	useEffect(() => {
		const run = exerciseRun(exercise, file);
		const release = own(() => {
			run.dispose();
		});
		running.current = () => {
			run.dispose();
		};
		let current = true;
		const ticker = setInterval(() => {
			dispatch({type: 'progress', round, live: run.live()});
		}, 100);
		void run.run().then(
			measured => {
				if (!current) return;
				const verdict = verdictOf(measured);
				// The figures as the check ended, drawn beside its result (a tick may not have come since).
				dispatch({type: 'progress', round, live: run.live()});
				dispatch({type: 'checked', round, outcome: verdict});
				onResult(verdict.passed);
			},
			(error: unknown) => {
				if (current)
					dispatch({type: 'checked', round, outcome: {failure: error instanceof VerifyError ? failureText(error) : String(error)}});
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
	const {editorNote, hints, live, outcome, first} = state;
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
				const note = openInEditor(editor, file, {stdin, stdout});
				dispatch({type: 'editor-exited', at: performance.now(), note});
			} else if (input === 'r') dispatch({type: 'check'});
			else if (input === 'h') dispatch({type: 'hint', of: exercise.hints.length});
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
