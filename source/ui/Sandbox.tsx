import {Box, Text} from 'ink';
import {useEffect, useState} from 'react';
import type {Lab, Version} from '../engine/index.js';
import {maxRate} from '../options.js';
import {fit} from '../format.js';
import Counters from './Counters.js';
import Footer from './Footer.js';
import Header from './Header.js';
import Help, {type KeyHelp} from './Help.js';
import Spinner from './Spinner.js';
import {minSize, TooSmall} from './DeployScreen.js';
import {useSnapshot} from './use-snapshot.js';
import type {Size} from './use-terminal-size.js';
import {useKeys} from './keys.js';

type Props = {lab: Lab; title: string; size: Size; inputActive: boolean; onLeave: () => void};

/** What each key does, in the log's words. */
const actionWords: Record<string, string> = {
	listen: 'listen()',
	'stop-accepting': 'close()',
	drain: 'drain',
	stop: 'stop',
	'inject-error': 'fault: handler throws',
	'inject-hang': 'fault: handler hangs',
	crash: 'crash',
};

const keys: KeyHelp = [
	['o n', 'pick the old or the new server'],
	['l', 'listen: the picked server calls listen() on the port'],
	['c', 'close: stop accepting (server.close())'],
	['d', 'drain: wait for its open connections to end'],
	['s', 'stop: cut every connection it holds'],
	['e', 'fault: its handler throws on the next 5 requests (500)'],
	['h', 'fault: its handler never answers the next 3 (timeouts)'],
	['x', 'fault: the picked server crashes (its process dies)'],
	['t', 'load: start, pause, resume the requests'],
	['k', 'keep-alive on or off for new requests'],
	['+ -', 'double or halve the request rate'],
	['r', 'start over on fresh servers'],
	['?', 'this help'],
	['q Esc', 'back to the modes'],
];

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

function SandboxRun({lab, title, size, inputActive, onLeave, onRestart}: Props & {onRestart: () => void}) {
	const [run] = useState(() => lab.begin());
	useEffect(
		() => () => {
			lab.end(run);
		},
		[lab, run],
	);
	const snapshot = useSnapshot(run);
	const [picked, setPicked] = useState<Version>('old');
	const [help, setHelp] = useState(false);
	const [count, setCount] = useState(0);
	const perform = (action: string) => {
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

			if (help) {
				if (input === '?' || key.escape || input === 'q') setHelp(false);
				return;
			}

			if (input === 'o' || input === 'n') setPicked(input === 'o' ? 'old' : 'new');
			else if (input === 'l') perform('listen');
			else if (input === 'c') perform('stop-accepting');
			else if (input === 'd') perform('drain');
			else if (input === 's') perform('stop');
			else if (input === 'e') perform('inject-error');
			else if (input === 'h') perform('inject-hang');
			else if (input === 'x') perform('crash');
			else if (input === 't') run.toggleTraffic();
			else if (input === 'k') run.setKeepAlive(!snapshot.keepAlive);
			else if (input === '+') run.setRate(Math.min(maxRate, snapshot.targetRate * 2));
			else if (input === '-') run.setRate(Math.max(1, Math.floor(snapshot.targetRate / 2)));
			else if (input === 'r') onRestart();
			else if (input === '?') setHelp(true);
			else if (input === 'q' || key.escape) onLeave();
		},
		{isActive: inputActive},
	);

	if (tooSmall) {
		return <TooSmall size={size} min={minSize} action="q goes back" />;
	}

	const width = Math.min(size.columns - 1, 120);
	const logRows = Math.max(3, size.rows - 2 - 9 - 5);
	const log = snapshot.steps.slice(-logRows);
	return (
		<Box flexDirection="column" width={width}>
			<Header title={`${title} · Sandbox`} snapshot={snapshot} width={width} />
			<Text wrap="truncate">
				Picked: <Text bold>{picked} server</Text>
				<Text dimColor> (o/n to switch) · start with l, then t · k keep-alive · +/- rate</Text>
			</Text>
			{help ? (
				<Help title="sandbox" keys={keys} />
			) : (
				<>
					<Box marginTop={1}>
						<Counters snapshot={snapshot} width={width} />
					</Box>
					<Box marginTop={1} flexDirection="column" height={logRows + 1}>
						<Text bold>What you did</Text>
						{log.length === 0 ? <Text dimColor>Nothing yet.</Text> : null}
						{log.map(step => (
							<Text key={step.index} wrap="truncate" color={step.result && !step.result.ok ? 'yellow' : undefined}>
								{step.result ? (step.result.ok ? '✔' : '✖') : '⋯'} {step.target} {actionWords[step.action] ?? step.action}:{' '}
								{step.result ? fit(step.result.detail, width - 24) : 'working…'}
							</Text>
						))}
					</Box>
				</>
			)}
			<Text wrap="truncate">
				<Footer
					keys={[
						['o/n', 'pick'],
						['l', 'listen'],
						['c', 'close'],
						['d', 'drain'],
						['s', 'stop'],
						['t', 'load'],
						['?', 'all keys'],
						['q', 'back'],
					]}
				/>
				{snapshot.busy ? (
					<Text>
						{' '}
						<Spinner />
					</Text>
				) : null}
			</Text>
		</Box>
	);
}
