import {Box, Text} from 'ink';
import {useState} from 'react';
import OutcomeCount from '../widgets/OutcomeCount.js';
import type {DeployRun, Lab} from '../../engine/index.js';
import type {RaceOptions, RaceResult, Strategy} from '../../race/race.js';
import {nameWidth, raceHeader, raceLegend, raceName, raceRow, raceTitle, raceVerdict, requirementNote} from '../../race/table.js';
import {fit, ms, wrap, wrapItems} from '../../shared/format.js';
import Footer from '../widgets/Footer.js';
import {ScrollCue, useTextScroll} from '../widgets/ScrollText.js';
import Help from '../widgets/Help.js';
import {useSnapshot} from '../hooks/use-snapshot.js';
import {measuredColor} from '../theme.js';
import {useTerminalSize} from '../hooks/use-terminal-size.js';
import {useRace} from '../hooks/use-race.js';
import {useHelp} from '../hooks/use-help.js';
import {useKeys} from '../hooks/keys.js';
import {allSlices, stripOf} from '../../lessons/timeline.js';
import Timeline from '../widgets/Timeline.js';
import {bindings, type Keymap} from '../keymap.js';
import {useExit, useInputActive} from '../Root.js';

/** lab: owns every run, so an exit disposes the one under way. */
type Props = {lab: Lab; strategies: readonly Strategy[]; options: RaceOptions};

function keymap(done: boolean, timelines: boolean): Keymap {
	return {
		title: 'race',
		bindings: [
			{
				keys: 't',
				help: 'the timelines: one strip per strategy, on one time scale (once finished); again for the table',
				footer: timelines ? 'table' : 'timelines',
				now: done,
			},
			{keys: 't/o', help: 'requests that timed out'},
			{keys: 'gap', help: 'first to last failure'},
			{keys: '✔ zero', help: 'measured: none failed'},
			{keys: '✖ drops', help: 'measured: some failed'},
			{keys: 'r', help: 'race again, on fresh servers (once finished)', footer: 'race again', now: done},
			{keys: '↑ ↓', help: 'the verdict, where it says there is more'},
			bindings.help,
			bindings.leave('quit', 'quit'),
			{keys: 'Ctrl+C', help: 'quit'},
		],
	};
}

export function Bar({fraction, width}: {fraction: number; width: number}) {
	const filled = Math.round(Math.max(0, Math.min(1, fraction)) * width);
	return (
		<Text>
			<Text color="cyan">{'█'.repeat(filled)}</Text>
			<Text dimColor>{'░'.repeat(width - filled)}</Text>
		</Text>
	);
}

export function Live({run, strategy, durationMs, width}: {run: DeployRun; strategy: Strategy; durationMs: number; width: number}) {
	const snapshot = useSnapshot(run);
	const t = snapshot.totals;
	return (
		<Text wrap="truncate">
			{raceName(strategy, nameWidth(width)).padEnd(nameWidth(width) + 1)}
			<Bar fraction={snapshot.at / durationMs} width={Math.max(8, Math.min(20, width - 70))} /> sent {t.sent} · old {t.old} · new {t.new} ·{' '}
			<OutcomeCount kind="refused" n={t.refused} /> · <OutcomeCount kind="reset" n={t.reset} />
		</Text>
	);
}

/** The race's table so far: a row per strategy measured, the one under way filling live, the rest waiting. */
export function RaceRows({
	strategies,
	results,
	current,
	durationMs,
	width,
}: {
	strategies: readonly Strategy[];
	results: readonly RaceResult[];
	current: {run: DeployRun; strategy: Strategy} | undefined;
	durationMs: number;
	width: number;
}) {
	return (
		<>
			<Text bold wrap="truncate">
				{raceHeader(width)}
			</Text>
			{results.map(result => (
				<Box key={result.id} flexDirection="column">
					<Text wrap="truncate" color={measuredColor(result.zeroDowntime)}>
						{raceRow(result, width)}
					</Text>
					{requirementNote(result, width).map((line, i) => (
						<Text key={`n-${String(i)}`} dimColor>
							{line}
						</Text>
					))}
				</Box>
			))}
			{current ? <Live run={current.run} strategy={current.strategy} durationMs={durationMs} width={width} /> : null}
			{strategies.slice(results.length + (current ? 1 : 0)).map(strategy => (
				<Text key={strategy.id} dimColor wrap="truncate">
					{raceName(strategy, nameWidth(width)).padEnd(nameWidth(width) + 1)}waiting
				</Text>
			))}
		</>
	);
}

/** One timeline per strategy, all on one time scale, so their gaps compare at a glance; the legend beneath. */
export function RaceTimelines({results, width, compact}: {results: readonly RaceResult[]; width: number; compact: boolean}) {
	const names = nameWidth(width);
	const stripWidth = Math.max(10, width - names - 1);
	const untilMs = Math.max(0, ...results.map(result => result.timeline.cells.length * result.timeline.sliceMs));
	const cellMs = results[0] ? stripOf(results[0].timeline, stripWidth, untilMs).cellMs : 0;
	return (
		<>
			{compact ? null : (
				<Text bold wrap="truncate">
					{'strategy'.padEnd(names + 1)}what happened to the requests, by when they were sent
				</Text>
			)}
			{results.map(result => (
				<Timeline
					key={result.id}
					// The bar marks where every strip begins: a strip whose first cells had nothing sent (its
					// first listen took longer) starts with blanks, which would otherwise read as a shifted strip.
					label={`${raceName(result, names).padEnd(names)}│`}
					data={result.timeline}
					width={width}
					untilMs={untilMs}
					names={{old: 'old', new: 'new'}}
				/>
			))}
			{wrapItems([`${ms(cellMs)} a cell, by send time:`, ...allSlices.split(/ {2,}/), '(blank: none sent)'], width, '  ').map((line, i) => (
				<Text key={`l-${String(i)}`} dimColor>
					{line}
				</Text>
			))}
		</>
	);
}

/** Every strategy under the same load, one after another, bars filling live, then one table. */
export default function Race({lab, strategies, options}: Props) {
	const exit = useExit();
	const size = useTerminalSize();
	const help = useHelp();
	const {results, current, done, again} = useRace(strategies, options, lab);
	const [timelines, setTimelines] = useState(false);
	const inputActive = useInputActive();

	useKeys(
		(input, key) => {
			if (help.keys(input, key)) return;
			if (input === 'q' || key.escape) exit('quit');
			else if (input === 'r' && done) {
				setTimelines(false);
				again();
			} else if (input === 't' && done) setTimelines(shown => !shown);
		},
		{isActive: inputActive},
	);

	const width = Math.min(size.columns - 1, 130);
	// A note under each row whose lesson needs what this Node lacks (the table's, not the timelines').
	const notes = timelines && done ? 0 : results.reduce((n, result) => n + requirementNote(result, width).length, 0);
	// Title, table header, one row per strategy and its notes, two verdict lines, the symbols line, the footer, and
	// four blank lines between: when that does not fit, the blank lines and the symbols line go first.
	const compact = size.rows < strategies.length + notes + 9;
	const title = raceTitle(options);
	// In a short terminal the title keeps one line; in the shortest, it gives that line to the verdict.
	const room = size.rows - 1 - strategies.length - notes - 1;
	const titleLines = compact ? (done && room < 2 ? [] : [fit(title, width)]) : wrap(title, width);
	const headerLines = titleLines.length;
	// In a short terminal the verdict gets the rows left (no frame may be taller than the terminal: Ink would leave debris).
	const verdictRows = compact ? Math.max(1, room - headerLines) : Number.POSITIVE_INFINITY;
	const allVerdict = done ? wrap(raceVerdict(results), width) : [];
	// The verdict is never cut: what does not fit is one key away, the footer saying how much.
	// (Not while the timelines have the verdict's rows.)
	const verdictShown = done && !(timelines && compact);
	const verdict = useTextScroll(allVerdict, verdictRows, inputActive && verdictShown && !help.open);
	return (
		<Box flexDirection="column" width={width}>
			{titleLines.map((line, i) => (
				<Text key={`t-${String(i)}`} dimColor={i > 0}>
					{i === 0 ? (
						<>
							<Text bold color="cyan">
								zdd-learn race
							</Text>
							<Text dimColor>{line.slice('zdd-learn race'.length)}</Text>
						</>
					) : (
						line
					)}
				</Text>
			))}
			{help.open ? (
				<Help keymap={keymap(done, timelines)} />
			) : (
				<Box flexDirection="column" marginTop={compact ? 0 : 1}>
					{timelines && done ? (
						<RaceTimelines results={results} width={width} compact={compact} />
					) : (
						<RaceRows
							strategies={strategies}
							results={results}
							current={done ? undefined : current}
							durationMs={options.durationMs}
							width={width}
						/>
					)}
					{done && !(timelines && compact) ? (
						<Box marginTop={compact ? 0 : 1} flexDirection="column">
							{verdict.shown.map((line, i) => (
								<Text key={`v-${String(i)}`}>{line}</Text>
							))}
							{compact
								? null
								: wrap(raceLegend, width).map((line, i) => (
										<Text key={`l-${String(i)}`} dimColor>
											{line}
										</Text>
									))}
						</Box>
					) : null}
				</Box>
			)}
			<Box marginTop={compact ? 0 : 1}>
				<Footer keymap={keymap(done, timelines)} status={verdictShown ? <ScrollCue cue={verdict.cue} /> : undefined} />
			</Box>
		</Box>
	);
}
