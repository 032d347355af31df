import {Box, Text} from 'ink';
import {useEffect, useState} from 'react';
import {actions as engineActions, maxRate, type ActionName, type Lab, type Version} from '../../engine/index.js';
import {wrap, wrapItems} from '../../shared/format.js';
import {type Lesson} from '../../lessons/schema.js';
import {lessonLoad, versionNames, type VersionNames} from '../../lessons/settings.js';
import {faultKeys, sandboxActions} from '../state/action-words.js';
import Counters from '../widgets/Counters.js';
import Footer from '../widgets/Footer.js';
import SandboxTimeline, {raisedKey} from '../widgets/SandboxTimeline.js';
import Header from '../widgets/Header.js';
import Help from '../widgets/Help.js';
import {bindings, type Keymap} from '../keymap.js';
import {useHelp} from '../hooks/use-help.js';
import Spinner from '../widgets/Spinner.js';
import {minSize, TooSmall} from './TooSmall.js';
import {useSnapshot} from '../hooks/use-snapshot.js';
import type {Size} from '../hooks/use-terminal-size.js';
import {useKeys} from '../hooks/keys.js';

type Props = {lab: Lab; lesson: Lesson; size: Size; inputActive: boolean; onLeave: () => void};

/** The faults in the actions' legend, in a word each (? lists them in full). */
const faultWords: Record<keyof typeof faultKeys, string> = {e: 'throws', h: 'hangs', x: 'crash'};

/** The key that performs this action here: its place among the lesson's actions, or its fault's key. */
function keyOf(action: ActionName, actions: readonly ActionName[]): string {
	const index = actions.indexOf(action);
	if (index >= 0) return String(index + 1);
	return Object.entries(faultKeys).find(([, fault]) => fault === action)?.[0] ?? '?';
}

/** The lesson's own actions on 1–9, the faults, the load; the footer sums the actions up as one entry. */
function keymap(actions: readonly ActionName[], names: VersionNames): Keymap {
	const acts = actions.length > 1 ? `1–${actions.length}` : '1';
	return {
		title: 'sandbox',
		bindings: [
			{keys: 'o n', help: `pick the ${names.old} or the ${names.new} server`, footer: 'pick', short: 'o/n'},
			// The footer names them all at the first: "1–9 act".
			...actions.map((action, i) => ({
				keys: String(i + 1),
				help: engineActions[action].help,
				...(i === 0 ? {footer: 'act', short: acts} : {}),
			})),
			...Object.entries(faultKeys).map(([key, action]) => ({keys: key, help: `fault: ${engineActions[action].help}`})),
			{keys: 't', help: 'load: start, pause, resume the requests', footer: 'load'},
			{keys: 'k', help: 'keep-alive on or off for new requests'},
			{keys: '+ -', help: 'double or halve the request rate'},
			{keys: 'r', help: 'start over on fresh servers'},
			{...bindings.help, footer: 'all keys'},
			bindings.leave('back to the modes', 'back'),
		],
	};
}

/** Free play: any action on either server, in any order, and the counters show what follows. */
export default function Sandbox(props: Props) {
	const [runNumber, setRunNumber] = useState(0);
	return (
		<SandboxRun
			key={runNumber}
			{...props}
			onRestart={() => {
				setRunNumber(n => n + 1);
			}}
		/>
	);
}

function SandboxRun({lab, lesson, size, inputActive, onLeave, onRestart}: Props & {onRestart: () => void}) {
	const [run] = useState(() => lab.begin(lessonLoad(lesson)));
	const names = versionNames(lesson);
	const actions = sandboxActions(lesson);
	useEffect(
		() => () => {
			lab.end(run);
		},
		[lab, run],
	);
	const snapshot = useSnapshot(run);
	const [picked, setPicked] = useState<Version>('old');
	const help = useHelp();
	const [count, setCount] = useState(0);
	const perform = (action: ActionName) => {
		if (snapshot.busy) return;
		const index = count;
		setCount(index + 1);
		void run.perform(index, {action, target: picked});
	};

	const tooSmall = size.columns < minSize.columns || size.rows < minSize.rows;
	useKeys(
		(input, key) => {
			// Behind the "too small" message only q acts.
			if (tooSmall) {
				if (input === 'q' || key.escape) onLeave();
				return;
			}

			if (help.keys(input, key)) return;

			const digit = Number.parseInt(input, 10);
			const fault = faultKeys[input as keyof typeof faultKeys];
			if (input === 'o' || input === 'n') setPicked(input === 'o' ? 'old' : 'new');
			else if (digit >= 1 && digit <= actions.length) perform(actions[digit - 1]!);
			else if (fault) perform(fault);
			else if (input === 't') run.toggleTraffic();
			else if (input === 'k') run.setKeepAlive(!snapshot.keepAlive);
			else if (input === '+') run.setRate(Math.min(maxRate, snapshot.targetRate * 2));
			else if (input === '-') run.setRate(Math.max(1, Math.floor(snapshot.targetRate / 2)));
			else if (input === 'r') onRestart();
			else if (input === 'q' || key.escape) onLeave();
		},
		{isActive: inputActive},
	);

	if (tooSmall) {
		return <TooSmall size={size} min={minSize} action="q goes back" />;
	}

	const width = Math.min(size.columns - 1, 120);
	const keys = keymap(actions, names);
	// The legend of the keys, and so of the markers under the timeline (each key, raised).
	const actionLines = wrapItems(
		[
			...actions.map((action, i) => `${i + 1} ${engineActions[action].label}`),
			...Object.entries(faultWords).map(([key, word]) => `${key} ${word}`),
		],
		width - 9,
	);
	const logRows = Math.max(3, size.rows - 2 - 9 - 5 - 2 - actionLines.length);
	// The latest entries that fit, each wrapped whole under its mark: what an action did is never cut.
	const log: Array<{index: number; failed: boolean; lines: string[]}> = [];
	let logLines = 0;
	for (const step of snapshot.steps.toReversed()) {
		const mark = `${raisedKey[keyOf(step.action, actions)] ?? '?'} ${step.result ? (step.result.ok ? '✔' : '✖') : '⋯'} `;
		const text = `${names[step.target]} ${engineActions[step.action].label}: ${step.result ? step.result.detail : 'working…'}`;
		const lines = wrap(text, width - mark.length).map((line, i) => (i === 0 ? mark : ' '.repeat(mark.length)) + line);
		if (log.length > 0 && logLines + lines.length > logRows) break;
		log.unshift({index: step.index, failed: Boolean(step.result && !step.result.ok), lines: lines.slice(0, logRows)});
		logLines += lines.length;
	}

	return (
		<Box flexDirection="column" width={width}>
			<Header title={lesson.title} screen="Sandbox" snapshot={snapshot} width={width} />
			<Text wrap="truncate">
				Picked: <Text bold>{names[picked]} server</Text>
				<Text dimColor> (o/n to switch) · t load · k keep-alive · +/- rate</Text>
			</Text>
			{help.open ? (
				<Help keymap={keys} />
			) : (
				<>
					<Box marginTop={1}>
						<Counters snapshot={snapshot} width={width} names={names} />
					</Box>
					<SandboxTimeline
						data={snapshot.timeline}
						width={width}
						untilMs={snapshot.at}
						presses={snapshot.steps.map(step => ({key: keyOf(step.action, actions), at: step.startedAt}))}
						names={names}
						gapMs={snapshot.gapMs}
					/>
					{actionLines.map((line, i) => (
						<Text key={`a-${String(i)}`}>
							<Text bold>{i === 0 ? 'Actions ' : '        '}</Text>
							{line}
						</Text>
					))}
					<Box marginTop={1} flexDirection="column" height={logRows + 1}>
						<Text bold>What you did</Text>
						{log.length === 0 ? <Text dimColor>Nothing yet.</Text> : null}
						{log.map(entry =>
							entry.lines.map((line, i) => (
								<Text key={`${String(entry.index)}-${String(i)}`} color={entry.failed ? 'yellow' : undefined}>
									{line}
								</Text>
							)),
						)}
					</Box>
				</>
			)}
			<Footer keymap={keys} status={snapshot.busy ? <Spinner /> : undefined} />
		</Box>
	);
}
