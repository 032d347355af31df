import {Box, Text, useInput} from 'ink';
import {useEffect, useReducer, useState} from 'react';
import type {Lab} from '../engine/index.js';
import type {Lesson} from '../lessons/schema.js';
import Counters from './Counters.js';
import Flow from './Flow.js';
import Footer from './Footer.js';
import Header from './Header.js';
import Help, {type KeyHelp} from './Help.js';
import {initialNav, navReducer} from './nav.js';
import Pane from './Pane.js';
import StepDetail from './StepDetail.js';
import StepList from './StepList.js';
import Summary from './Summary.js';
import {useSnapshot} from './use-snapshot.js';
import type {Size} from './use-terminal-size.js';

type Props = {
	lab: Lab;
	lesson: Lesson;
	knownIds: ReadonlySet<string>;
	size: Size;
	inputActive: boolean;
	onLeave: () => void;
};

export const lessonKeys: KeyHelp = [
	['→ Enter Space', 'next step (performed on the real servers)'],
	['←', "back: an earlier step's recorded measurements (nothing is undone)"],
	['a', 'auto-play the rest at real speed; a again pauses'],
	['r', 'restart the lesson on fresh servers'],
	['c', 'bottom pane: explanation or code'],
	['?', 'this help'],
	['q Esc', 'leave the lesson, back to the menu'],
	['Ctrl+C', 'quit zdd-learn'],
];

const footerKeys = [
	['→', 'next'],
	['←', 'back'],
	['a', 'auto'],
	['r', 'restart'],
	['c', 'code'],
	['?', 'help'],
	['q', 'menu'],
] as const;

/** A lesson: restarting remounts the run, so every restart gets fresh servers. */
export default function LessonScreen(props: Props) {
	const [runNumber, setRunNumber] = useState(0);
	return (
		<LessonRun
			key={runNumber}
			{...props}
			onRestart={() => {
				setRunNumber(n => n + 1);
			}}
		/>
	);
}

function LessonRun({lab, lesson, knownIds, size, inputActive, onLeave, onRestart}: Props & {onRestart: () => void}) {
	const [run] = useState(() => lab.begin());
	useEffect(
		() => () => {
			lab.end(run);
		},
		[lab, run],
	);
	const snapshot = useSnapshot(run);
	const [nav, dispatch] = useReducer(navReducer, lesson.steps.length, initialNav);
	const [byHand, setByHand] = useState(false);

	// Perform the step the navigation asks for, on the real servers.
	useEffect(() => {
		if (!nav.busy) return;
		let current = true;
		void run.perform(nav.performed, lesson.steps[nav.performed]!).then(() => {
			if (current) dispatch({type: 'step-done'});
		});
		return () => {
			current = false;
		};
	}, [run, lesson, nav.busy, nav.performed]);

	// Auto-play: the next step after this one's pause, at real speed.
	useEffect(() => {
		if (!nav.auto || nav.busy || nav.summary) return;
		const timer = setTimeout(() => {
			dispatch({type: 'advance'});
		}, lesson.steps[nav.performed]!.autoplayPauseMs);
		return () => {
			clearTimeout(timer);
		};
	}, [lesson, nav.auto, nav.busy, nav.summary, nav.performed]);

	// The end: stop the load and let the last requests finish.
	useEffect(() => {
		if (nav.summary) void run.finish();
	}, [run, nav.summary]);

	useInput(
		(input, key) => {
			if (nav.help) {
				if (input === '?' || key.escape || input === 'q') dispatch({type: 'close-help'});
				return;
			}

			if (key.rightArrow || key.return || input === ' ') {
				if (!nav.auto && !nav.busy && nav.viewing === nav.performed && !nav.summary) setByHand(true);
				dispatch({type: 'next'});
			} else if (key.leftArrow) {
				dispatch({type: 'back'});
			} else if (input === 'a') {
				dispatch({type: 'toggle-auto'});
			} else if (input === 'r') {
				onRestart();
			} else if (input === 'c') {
				dispatch({type: 'toggle-pane'});
			} else if (input === '?') {
				dispatch({type: 'toggle-help'});
			} else if (input === 'q' || key.escape) {
				onLeave();
			}
		},
		{isActive: inputActive},
	);

	if (size.columns < minSize.columns || size.rows < minSize.rows) {
		return <TooSmall size={size} min={minSize} action="q goes back to the menu" />;
	}

	const width = Math.min(size.columns, 120);
	const leftWidth = 38;
	const rightWidth = width - leftWidth - 2;
	const viewing = lesson.steps[nav.viewing]!;
	const live = nav.viewing === nav.performed && !nav.summary;
	const topRows = Math.max(lesson.steps.length + 1, 8);
	const whyLines = size.rows >= 28 ? 2 : 1;
	const paneRows = size.rows - (2 + topRows + 6 + whyLines + 1);
	const status = nav.summary
		? ''
		: nav.busy
		? `performing step ${nav.performed + 1}…`
		: nav.auto
			? '▶ auto-playing'
			: live
				? ''
				: `step ${nav.viewing + 1}, recorded`;

	return (
		<Box flexDirection="column" width={width}>
			<Header title={lesson.title} snapshot={snapshot} width={width} />
			<Flow stages={lesson.flow} current={nav.summary ? lesson.flow.length : viewing.stage} />
			{nav.help ? (
				<Help title={lesson.title} keys={lessonKeys} />
			) : nav.summary ? (
				<Summary lesson={lesson} snapshot={snapshot} byHand={byHand} knownIds={knownIds} width={width} />
			) : (
				<>
					<Box height={topRows}>
						<StepList
							steps={lesson.steps}
							measured={snapshot.steps}
							viewing={nav.viewing}
							busyStep={nav.busy ? nav.performed : undefined}
							width={leftWidth}
						/>
						<Box marginLeft={2}>
							<Counters snapshot={snapshot} width={rightWidth} />
						</Box>
					</Box>
					<StepDetail
						index={nav.viewing}
						count={lesson.steps.length}
						step={viewing}
						measured={snapshot.steps[nav.viewing]}
						live={live}
						busy={nav.busy && nav.viewing === nav.performed}
						width={width}
						whyLines={whyLines}
					/>
					<Box height={Math.max(0, paneRows)} overflow="hidden">
						<Pane
							lesson={lesson}
							step={viewing}
							stepNumber={nav.viewing + 1}
							mode={nav.pane}
							width={width}
							rows={paneRows}
						/>
					</Box>
				</>
			)}
			<Footer
				keys={nav.summary ? [['←', 'steps'], ['r', 'run again'], ['?', 'help'], ['q', 'menu']] : footerKeys}
				status={status}
			/>
		</Box>
	);
}

export const minSize: Size = {columns: 80, rows: 24};

export function TooSmall({size, min, action}: {size: Size; min: Size; action: string}) {
	return (
		<Text color="yellow">
			Make the terminal at least {min.columns}×{min.rows} (now {size.columns}×{size.rows}); {action}.
		</Text>
	);
}
