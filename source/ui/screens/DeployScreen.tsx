import {Box, Text} from 'ink';
import {useState} from 'react';
import type {Lab, RunSnapshot} from '../../engine/index.js';
import {type Lesson} from '../../lessons/schema.js';
import {requirementMet} from '../../lessons/requires.js';
import {wrap} from '../../shared/format.js';
import {modeTitle, type DeployModeId} from '../../lessons/modes.js';
import Compare from './Compare.js';
import Flow from '../widgets/Flow.js';
import Footer from '../widgets/Footer.js';
import Header from '../widgets/Header.js';
import Help from '../widgets/Help.js';
import {bindings, type Keymap} from '../keymap.js';
import Spinner from '../widgets/Spinner.js';
import Summary from '../widgets/Summary.js';
import ModeBody from './ModeBody.js';
import {minSize, TooSmall} from './TooSmall.js';
import {useLessonRun} from '../hooks/use-lesson-run.js';
import type {Size} from '../hooks/use-terminal-size.js';
import {useKeys} from '../hooks/keys.js';

export type DeployProps = {
	lab: Lab;
	lesson: Lesson;
	mode: DeployModeId;
	knownIds: ReadonlySet<string>;
	size: Size;
	inputActive: boolean;
	/** Auto-play at real speed up to this step index, then hand over to the learner. */
	stopAt?: number;
	/** Leaves with the run as it stood (a replay's figures are quoted from it). */
	onLeave: (watched: RunSnapshot) => void;
	/** The live step changed (for resuming later). */
	onStep?: (index: number) => void;
	/** The run reached its summary and every request has finished. */
	onFinished?: (snapshot: RunSnapshot, auto: boolean) => void;
	leaveLabel?: string;
	/** The key moment replayed to (its index): the pane shows it at its step. */
	moment?: number;
	/** Opens another lesson (the summary's "What fixes it" links). */
	onOpenLesson?: (id: string) => void;
};

type KeymapState = {
	title: string;
	mode: DeployModeId;
	summary: boolean;
	/** The first server could not listen: only q is left. */
	failed: boolean;
	canCompare: boolean;
	/** How many lessons the summary links to, and whether they can be opened from here. */
	links: number;
	leaveLabel: string;
};

function keymap({title, mode, summary, failed, canCompare, links, leaveLabel}: KeymapState): Keymap {
	const stepping = !summary && !failed;
	return {
		title,
		bindings: [
			{keys: '→ Enter Space', help: 'next step (performed on the real servers)', footer: 'next', short: '→', now: stepping},
			{
				keys: '←',
				help: "back: an earlier step's recorded measurements (nothing is undone)",
				footer: summary ? 'steps' : 'back',
				now: !failed,
			},
			{keys: '↑ ↓', help: 'scroll the explanation, where it says there is more'},
			{keys: 'a', help: 'auto-play the rest at real speed; a again pauses', footer: 'auto', now: stepping},
			{keys: 'r', help: 'restart the lesson on fresh servers', footer: summary ? 'run again' : 'restart', now: !failed},
			...(mode === 'guided' ? [{keys: 'c', help: 'bottom pane: explanation or code (guided deploy)', footer: 'code', now: stepping}] : []),
			{
				keys: 'v',
				help: "at the summary: run the lesson's other ways beside it, on fresh servers",
				footer: 'compare',
				now: summary && canCompare,
			},
			{
				keys: '1–9',
				help: 'at the summary: open the lesson it points to next',
				footer: 'next lesson',
				short: links > 1 ? `1–${links}` : '1',
				now: summary && links > 0,
			},
			{...bindings.help, now: !failed},
			bindings.leave('leave, back to the menu', leaveLabel),
			bindings.quit,
		],
	};
}

/** A deploy on real servers; restarting remounts the run, so every restart gets fresh servers. */
export default function DeployScreen(props: DeployProps) {
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

function LessonRun(props: DeployProps & {onRestart: () => void}) {
	const {lab, lesson, mode, knownIds, size, inputActive, stopAt, onLeave, onStep, onFinished, onRestart, onOpenLesson} = props;
	const [comparing, setComparing] = useState(false);
	const links = lesson.next.filter(next => knownIds.has(next.id));
	// Behind the "too small" message nothing moves: auto-play waits, and only q (and Ctrl+C) act.
	const tooSmall = size.columns < minSize.columns || size.rows < minSize.rows;
	const {snapshot, failedStart, nav, dispatch, handSteps, endedByHand} = useLessonRun({
		lab,
		lesson,
		stopAt,
		paused: tooSmall,
		onStep,
		onFinished,
	});

	useKeys(
		(input, key) => {
			if (nav.help) {
				if (input === '?' || key.escape || input === 'q') dispatch({type: 'close-help'});
				return;
			}

			if (failedStart || tooSmall) {
				if (input === 'q' || key.escape) onLeave(snapshot);
				return;
			}

			if (key.rightArrow || key.return || input === ' ') {
				if (!nav.auto && !nav.busy && nav.viewing === nav.performed && !nav.summary) endedByHand(nav.performed);

				dispatch({type: 'next'});
			} else if (key.leftArrow) {
				dispatch({type: 'back'});
			} else if (input === 'a') {
				dispatch({type: 'toggle-auto'});
			} else if (input === 'r') {
				onRestart();
			} else if (input === 'c') {
				dispatch({type: 'toggle-pane'});
			} else if (input === 'v' && nav.summary && snapshot.finished && lesson.contrasts.length > 0) {
				setComparing(true);
			} else if (nav.summary && /^[1-9]$/.test(input) && links[Number(input) - 1] && onOpenLesson) {
				onOpenLesson(links[Number(input) - 1]!.id);
			} else if (input === '?') {
				dispatch({type: 'toggle-help'});
			} else if (input === 'q' || key.escape) {
				onLeave(snapshot);
			}
		},
		{isActive: inputActive && !comparing},
	);

	if (tooSmall) {
		return <TooSmall size={size} min={minSize} action={`q goes back to the menu${nav.auto ? '; auto-play waits' : ''}`} />;
	}

	if (comparing) {
		return (
			<Compare
				lab={lab}
				lesson={lesson}
				size={size}
				inputActive={inputActive}
				leaveLabel="summary"
				onLeave={() => {
					setComparing(false);
				}}
			/>
		);
	}

	const width = Math.min(size.columns - 1, 120);
	const viewing = lesson.steps[nav.viewing]!;
	const measured = snapshot.steps[nav.viewing];
	// Live: the step under way. Once the run has finished (back from the summary), every step is a recording.
	const live = nav.viewing === nav.performed && !nav.summary && !snapshot.finished;
	// A recorded step shows the recording, all of it: the servers as they were then, the requests up to it.
	const recordedAt = !live && !nav.summary && measured?.servers ? nav.viewing : undefined;
	const shown = recordedAt === undefined ? snapshot : recordedView(snapshot, recordedAt);
	const busyStep = nav.busy ? nav.performed : undefined;
	const status = nav.summary
		? ''
		: nav.busy
			? `performing step ${nav.performed + 1}`
			: nav.auto
				? '▶ auto-playing'
				: live
					? ''
					: `step ${nav.viewing + 1}, recorded`;
	const keys = keymap({
		title: `${lesson.title} · ${modeTitle(mode)}`,
		mode,
		summary: nav.summary,
		failed: failedStart !== undefined,
		canCompare: lesson.contrasts.length > 0 && snapshot.finished,
		links: onOpenLesson ? links.length : 0,
		leaveLabel: props.leaveLabel ?? 'menu',
	});
	let body: React.ReactNode;
	if (failedStart) {
		body = (
			<Box flexDirection="column" marginTop={1}>
				{wrap(`✖ ${failedStart}.`, width).map((line, i) => (
					<Text key={`f-${String(i)}`} color="red">
						{line}
					</Text>
				))}
				<Text dimColor>Nothing was measured, and the lesson is not marked as done.</Text>
			</Box>
		);
	} else if (nav.help) {
		body = <Help keymap={keys} />;
	} else if (nav.summary) {
		body = (
			<Summary
				lesson={lesson}
				snapshot={snapshot}
				handSteps={handSteps}
				knownIds={knownIds}
				width={width}
				linked={onOpenLesson !== undefined}
			/>
		);
	} else {
		body = (
			<ModeBody
				mode={mode}
				lesson={lesson}
				snapshot={snapshot}
				shown={shown}
				recordedAt={recordedAt}
				viewing={nav.viewing}
				pane={nav.pane}
				busyStep={busyStep}
				live={live}
				busy={nav.busy && nav.viewing === nav.performed}
				width={width}
				rows={size.rows}
				momentIndex={props.moment}
				inputActive={inputActive && !comparing}
			/>
		);
	}

	return (
		<Box flexDirection="column" width={width}>
			<Header
				title={lesson.title}
				screen={`${modeTitle(mode)}${requirementMet(lesson) ? '' : ' · fallback shown'}`}
				snapshot={snapshot}
				width={width}
			/>
			<Flow stages={lesson.flow} current={nav.summary ? lesson.flow.length : viewing.stage} />
			{body}
			<Footer
				keymap={keys}
				status={
					status ? (
						<Text>
							{nav.busy ? <Spinner /> : null}
							<Text color="yellow"> {status}</Text>
						</Text>
					) : undefined
				}
			/>
		</Box>
	);
}

/**
 * The run as it stood when step `index` ended, one instant for every figure:
 * the counters of the requests sent in steps 1 to index, the servers then, and
 * the timeline of those requests, cut where the step ended, with the gap as it
 * was measured then.
 */
function recordedView(snapshot: RunSnapshot, index: number): RunSnapshot {
	const steps = snapshot.steps.slice(0, index + 1);
	const step = steps.at(-1)!;
	const totals = {...steps[0]!.counts};
	for (const later of steps.slice(1)) for (const key of Object.keys(totals) as Array<keyof typeof totals>) totals[key] += later.counts[key];
	const endedAt = step.endedAt ?? snapshot.at;
	const {sliceMs, cells} = snapshot.timeline;
	return {
		...snapshot,
		at: endedAt,
		totals,
		servers: step.servers ?? snapshot.servers,
		steps,
		timeline: {sliceMs, cells: cells.slice(0, Math.ceil(endedAt / sliceMs))},
		gapMs: step.gapMs,
		finished: false,
	};
}
