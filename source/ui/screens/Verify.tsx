import {Box, Text} from 'ink';
import {useEffect, useState} from 'react';
import {stateLabel} from '../../lessons/compare.js';
import {wrap} from '../../lessons/format.js';
import type {VerifyLive, VerifyRun} from '../../engine/index.js';
import type {VerifyReport} from '../../verify/report.js';
import {plainReport} from '../../verify/report.js';
import {useKeys} from '../hooks/keys.js';
import {useTerminalSize} from '../hooks/use-terminal-size.js';
import {bindings, type Keymap} from '../keymap.js';
import {useExit, useInputActive} from '../Root.js';
import {measuredColor, stateStyle} from '../theme.js';
import Footer from '../widgets/Footer.js';
import Timeline from '../widgets/Timeline.js';
import Failures from '../widgets/Failures.js';
import OutcomeCount from '../widgets/OutcomeCount.js';
import Spinner from '../widgets/Spinner.js';

type Props = {
	run: VerifyRun;
	/** The run's end: the report, or why it could not be verified (in words). */
	result: Promise<VerifyReport | {failure: string}>;
	title: string;
	/** In the app: q goes back (and a failure is shown here). Without it, q and a failure end the CLI, which says why. */
	onLeave?: () => void;
};

function keymap(inApp: boolean): Keymap {
	return {
		title: 'verify',
		bindings: [
			inApp ? bindings.leave('stop everything, back to the menu', 'back') : bindings.leave('stop everything and quit', 'quit'),
			{keys: 'Ctrl+C', help: 'stop everything and quit', footer: 'stop', short: 'Ctrl+C'},
		],
	};
}

/**
 * The learner's app deployed under load, live: each instance's process and
 * state, where the balancer sends requests, the counters, the stages as they
 * happen; then the measured result and its findings. q or Ctrl+C stops
 * everything (the CLI disposes the run: every process of the app goes).
 */
export default function Verify({run, result, title, onLeave}: Props) {
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
	useKeys(
		(input, key) => {
			if (input !== 'q' && !key.escape) return;
			if (onLeave) onLeave();
			else exit('quit');
		},
		{isActive: useInputActive()},
	);

	const width = Math.min(size.columns - 1, 110);
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
	const rows = Math.max(3, size.rows - 9);
	const lines = report
		? // The counts are on screen above, live: the report's own lines for them would say it twice.
			plainReport(report, {counts: false})
				.slice(1)
				.flatMap(line => (line === '' ? [''] : wrap(line, width)))
		: [];
	return (
		<Box flexDirection="column" width={width}>
			<Text bold wrap="truncate">
				zdd-learn verify · <Text color="cyan">{title}</Text>
			</Text>
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
				{failure
					? wrap(failure, width).map((line, i) => (
							<Text key={`f-${String(i)}`} color={i === 0 ? 'red' : undefined}>
								{line}
							</Text>
						))
					: report
						? lines.slice(0, rows).map((line, i) => (
								<Text key={`r-${String(i)}`} color={line.startsWith('✔') || line.startsWith('✖') ? measuredColor(report.clean) : undefined}>
									{line || ' '}
								</Text>
							))
						: live.events.slice(-rows).map(event => (
								<Text key={`${String(event.at)}-${event.what}`} wrap="truncate">
									<Text dimColor>{`${(event.at / 1000).toFixed(2).padStart(6)} s  `}</Text>
									{event.what}
								</Text>
							))}
			</Box>
			<Text wrap="truncate">
				<Footer keymap={keymap(onLeave !== undefined)} />
				{report || failure ? null : (
					<Text>
						{'  '}
						<Spinner />
						<Text color="yellow"> deploying</Text>
					</Text>
				)}
			</Text>
		</Box>
	);
}
