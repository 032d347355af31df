import {Box, Text} from 'ink';
import {useEffect, useState} from 'react';
import {stateLabel} from '../../lessons/compare.js';
import type {VerifyLive, VerifyRun} from '../../engine/index.js';
import type {VerifyReport} from '../../verify/report.js';
import {plainReport} from '../../verify/report.js';
import {useKeys} from '../hooks/keys.js';
import {useHelp} from '../hooks/use-help.js';
import {useScroll} from '../hooks/use-scroll.js';
import {useTerminalSize} from '../hooks/use-terminal-size.js';
import {bindings, scrollBindings, type Keymap} from '../keymap.js';
import {useExit, useInputActive} from '../Root.js';
import {measuredColor, stateStyle} from '../theme.js';
import Footer from '../widgets/Footer.js';
import Help from '../widgets/Help.js';
import Timeline from '../widgets/Timeline.js';
import Failures from '../widgets/Failures.js';
import OutcomeCount from '../widgets/OutcomeCount.js';
import Spinner from '../widgets/Spinner.js';
import {wrapWhole} from './wrap-whole.js';
import VerifySteps from '../widgets/VerifySteps.js';
import {liveStages, stepAccount, stepRows} from '../../verify/steps.js';

type Props = {
	run: VerifyRun;
	/** The run's end: the report, or why it could not be verified (in words). */
	result: Promise<VerifyReport | {failure: string}>;
	title: string;
	/** In the app: q goes back (and a failure is shown here). Without it, q and a failure end the CLI, which says why. */
	onLeave?: () => void;
	/** The run waits for a key before each operator's step: the steps are shown, and Enter performs the next. */
	stepped?: boolean;
};

/** The scrolling keys show in the footer only when the result is taller than the screen. */
function keymap(inApp: boolean, scrolls: boolean, stepped: boolean, waiting: boolean): Keymap {
	return {
		title: stepped ? 'verify, step by step' : 'verify',
		bindings: [
			...(stepped
				? [{keys: 'Enter → Space', help: "perform the operator's next step on your app", footer: 'next step', short: 'Enter', now: waiting}]
				: []),
			inApp ? bindings.leave('stop everything, back to the menu', 'back') : bindings.leave('stop everything and quit', 'quit'),
			{keys: 'Ctrl+C', help: 'stop everything and quit', footer: 'stop', short: 'Ctrl+C'},
			...scrollBindings(scrolls),
			bindings.help,
		],
	};
}

/**
 * The learner's app deployed under load, live: each instance's process and
 * state, where the balancer sends requests, the counters, the stages as they
 * happen; then the measured result and its findings. q or Ctrl+C stops
 * everything (the CLI disposes the run: every process of the app goes).
 */
export default function Verify({run, result, title, onLeave, stepped = false}: Props) {
	const exit = useExit();
	const size = useTerminalSize();
	const [live, setLive] = useState<VerifyLive>(() => run.live());
	const [report, setReport] = useState<VerifyReport | undefined>();
	const [failure, setFailure] = useState<string | undefined>();
	useEffect(() => {
		const ticker = setInterval(() => {
			setLive(run.live());
		}, 100);
		let current = true;
		void result.then(done => {
			if (!current) return;
			clearInterval(ticker);
			setLive(run.live());
			if (!('failure' in done)) setReport(done);
			else if (onLeave) setFailure(done.failure);
			else exit('quit');
		});
		return () => {
			current = false;
			clearInterval(ticker);
		};
	}, [run, result, exit, onLeave]);
	const width = Math.min(size.columns - 1, 110);
	// Under the title, the two instances, the counts, the failures, the timeline (2) and a blank line; the footer
	// below; a row spare, so the screen never fills the terminal (which would redraw it whole on every key).
	const rows = Math.max(3, size.rows - 10);
	// The result: why it could not be verified, or the report (its counts are on screen above, live: not twice).
	const lines = failure
		? wrapWhole(failure, width)
		: report
			? [...plainReport(report, {counts: false, stages: !stepped}).slice(1), ...(stepped ? ['', ...stepAccount(report)] : [])].flatMap(
					line => hanging(line, width),
				)
			: [];
	const scroll = useScroll(lines.length, rows, report ?? failure);
	const help = useHelp();
	const waiting = stepped && !report && !failure && live.waiting !== undefined;
	const keys = keymap(onLeave !== undefined, scroll.scrolls, stepped, waiting);
	useKeys(
		(input, key) => {
			if (help.keys(input, key)) return;
			if (stepped && !report && !failure && (key.return || key.rightArrow || input === ' ')) {
				if (run.next()) setLive(run.live());
				return;
			}

			if (scroll.keys(input, key)) return;
			if (input !== 'q' && !key.escape) return;
			if (onLeave) onLeave();
			else exit('quit');
		},
		{isActive: useInputActive()},
	);

	/** The failure's first line in red; a line marked ✔ or ✖ (the verdict, a finding, a step) in the colour of its mark. */
	const colorOf = (line: string, index: number) =>
		failure
			? index === 0
				? 'red'
				: undefined
			: report && /^\s*[✔✖]/.test(line)
				? measuredColor(line.trimStart().startsWith('✔'))
				: undefined;
	const t = live.counts;
	const instances = (['old', 'new'] as const).map(version => {
		const instance = live.instances[version];
		if (!instance) return <Text key={version} dimColor>{`${version.padEnd(4)}· not started`}</Text>;
		const style = stateStyle[instance.state];
		return (
			<Text key={version} wrap="truncate">
				{version.padEnd(4)}
				<Text color={style.color}>
					{style.symbol} {stateLabel[instance.state].padEnd(12)}
				</Text>
				<Text dimColor>
					{' '}
					pid {instance.pid ?? '–'} · {instance.served} answered · {instance.connections} open
					{live.routed.includes(version) ? ' · ◀ balancer' : ''}
				</Text>
			</Text>
		);
	});
	return (
		<Box flexDirection="column" width={width}>
			<Text bold wrap="truncate">
				zdd-learn verify · <Text color="cyan">{title}</Text>
			</Text>
			{help.open ? <Help keymap={keys} /> : null}
			<Box flexDirection="column" display={help.open ? 'none' : 'flex'}>
				{instances}
				<Text wrap="truncate">
					sent {t.sent} · in flight {t.inFlight} · <OutcomeCount kind="old" n={t.old} word="by old" /> ·{' '}
					<OutcomeCount kind="new" n={t.new} word="by new" />
				</Text>
				<Text wrap="truncate">
					<Failures counts={t} always5xx />
				</Text>
				<Timeline
					data={live.timeline}
					width={width}
					// Until the load stopped: the wait for the app's idle timeout after it sends nothing.
					untilMs={report || failure ? undefined : (live.loadStoppedAt ?? live.at)}
					names={{old: 'old', new: 'new'}}
					gapMs={report ? (report.gapMs ?? undefined) : live.gapMs}
				/>
				<Box marginTop={1} flexDirection="column" height={report || failure ? undefined : rows}>
					{failure || report ? (
						lines.slice(scroll.top, scroll.top + scroll.page).map((line, i) => (
							<Text key={`r-${String(scroll.top + i)}`} color={colorOf(line, scroll.top + i)}>
								{line || ' '}
							</Text>
						))
					) : stepped ? (
						<VerifySteps
							rows={stepRows(run.settings, liveStages(live.steps), false)}
							waiting={live.waiting}
							width={width}
							height={rows}
							last={live.events.at(-1)}
						/>
					) : (
						live.events.slice(-rows).map(event => (
							<Text key={`${String(event.at)}-${event.what}`} wrap="truncate">
								<Text dimColor>{`${(event.at / 1000).toFixed(2).padStart(6)} s  `}</Text>
								{event.what}
							</Text>
						))
					)}
					{scroll.cue ? <Text dimColor>{scroll.cue}</Text> : null}
				</Box>
			</Box>
			<Footer
				keymap={keys}
				status={
					report || failure ? undefined : waiting ? (
						<Text color="cyan">▷ your step</Text>
					) : (
						<Text>
							<Spinner />
							<Text color="yellow"> deploying</Text>
						</Text>
					)
				}
			/>
		</Box>
	);
}

/** A line wrapped to width, its continuation lines under its first word: an indented line keeps its indent. */
function hanging(line: string, width: number): string[] {
	if (line === '') return [''];
	const indent = /^ */.exec(line)![0];
	return wrapWhole(line.slice(indent.length), width - indent.length).map(part => indent + part);
}
