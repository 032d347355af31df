import {Box, Text} from 'ink';
import {useEffect, useState} from 'react';
import {wrap} from '../../shared/format.js';
import {parseVerifyOptions, settingsOf} from '../../verify/options.js';
import {reportOf, type VerifyReport} from '../../verify/report.js';
import {failureText} from '../../verify/failure.js';
import {VerifyError, VerifyRun, describeCommand, type Lab} from '../../engine/index.js';
import {useKeys} from '../hooks/keys.js';
import {useHelp} from '../hooks/use-help.js';
import type {Size} from '../hooks/use-terminal-size.js';
import {bindings, type Keymap} from '../keymap.js';
import Footer from '../widgets/Footer.js';
import Help from '../widgets/Help.js';
import Verify from './Verify.js';

type Props = {
	lab: Lab;
	size: Size;
	inputActive: boolean;
	/** The path checked last time, offered again. */
	last?: string;
	/** A path that could be started: remembered for next time. */
	onRemember: (path: string) => void;
	onLeave: () => void;
};

const keymap = (stepped: boolean): Keymap => ({
	title: 'check your own server',
	bindings: [
		{keys: 'type', help: 'the path of the file that starts your app (node runs it, in its folder)'},
		{keys: 'Enter', help: 'deploy it under load and measure', footer: 'check'},
		{
			keys: 'Tab',
			help: 'step by step (your keys start the instances, add the new one and send the signal) or all at once',
			footer: stepped ? 'all at once' : 'step by step',
		},
		{keys: 'Backspace', help: 'delete the last character'},
		bindings.help,
		{keys: 'Esc', help: 'back to the menu', footer: 'back'},
		bindings.quit,
	],
});

type Running = {run: VerifyRun; result: Promise<VerifyReport | {failure: string}>; title: string; stepped: boolean};

/**
 * "Check your own server" from the menu: asks for the path of the app,
 * then deploys it as `zdd-learn verify` does, on the live screen; q comes
 * back here. The run is the lab's, so quitting, a signal or a crash ends
 * every process of the app.
 */
export default function CheckServer({lab, size, inputActive, last = '', onRemember, onLeave}: Props) {
	const [path, setPath] = useState(last);
	const [problem, setProblem] = useState<string | undefined>();
	const [stepped, setStepped] = useState(false);
	const [running, setRunning] = useState<Running | undefined>();
	const help = useHelp();
	useEffect(() => {
		if (!running) return;
		const release = lab.own(running.run);
		return release;
	}, [lab, running]);
	useKeys(
		(input, key) => {
			if (help.keys(input, key)) return;
			if (key.escape) onLeave();
			else if (key.tab) setStepped(previous => !previous);
			else if (key.return) {
				const options = parseVerifyOptions({}, [path.trim()], undefined);
				if ('error' in options) {
					setProblem(options.error);
					return;
				}

				onRemember(path.trim());
				setProblem(undefined);
				const run = new VerifyRun(settingsOf(options), undefined, stepped);
				// The app's output stays (its path is on screen) when the deploy was not clean.
				const result = run.run().then(
					measured => {
						const report = reportOf(measured);
						if (!report.clean) run.keepLog();
						return report;
					},
					(error: unknown) => {
						// Nothing more will be measured: every process of the app goes now, not when the learner leaves.
						run.keepLog();
						run.dispose();
						return {failure: error instanceof VerifyError ? failureText(error) : String(error)};
					},
				);
				setRunning({run, result, title: describeCommand(options.app), stepped});
			} else if (key.backspace || key.delete) setPath(previous => previous.slice(0, -1));
			// Several backspaces typed fast can arrive as one chunk, which Ink passes on as text.
			else if (/^[\u0008\u007F]+$/.test(input)) setPath(previous => previous.slice(0, Math.max(0, previous.length - input.length)));
			else if (input && !key.ctrl && !key.meta && !/[\u0000-\u001F]/.test(input)) setPath(previous => previous + input);
		},
		{isActive: inputActive && !running},
	);

	if (running) {
		return (
			<Verify
				run={running.run}
				result={running.result}
				title={running.title}
				stepped={running.stepped}
				onLeave={() => {
					setRunning(undefined);
				}}
			/>
		);
	}

	const width = Math.min(size.columns - 1, 100);
	return (
		<Box flexDirection="column" width={width}>
			<Text bold>
				<Text color="cyan">Check your own server</Text> · zdd-learn verify
			</Text>
			{help.open ? (
				<Help keymap={keymap(stepped)} />
			) : (
				<Box flexDirection="column" marginTop={1}>
					{wrap(
						'Your app runs twice, unchanged, as real processes on 127.0.0.1 (its listen() is sent to a free port), behind a balancer, and is deployed as Kubernetes would, with the defaults of zdd-learn: SIGTERM, removed from the balancer a second later (a lag Kubernetes does not fix), 10 s to exit (Kubernetes gives 30 s unless told).',
						width,
					).map((line, i) => (
						<Text key={`i-${String(i)}`}>{line}</Text>
					))}
					<Box marginTop={1}>
						<Text>
							The file that starts your app: <Text color="cyan">{path}</Text>
							<Text inverse> </Text>
						</Text>
					</Box>
					<Text>
						How: <Text color="cyan">{stepped ? 'step by step' : 'all at once'}</Text>
						<Text dimColor>
							{stepped
								? ' (your keys start the instances, add the new one and send the signal; the orchestrator does the rest on its own clock)'
								: ' (the whole deploy, as an orchestrator runs it)'}
						</Text>
					</Text>
					{problem ? <Text color="red">✖ {problem}</Text> : null}
					<Text dimColor>(relative to {process.cwd()}; every setting: zdd-learn --help)</Text>
				</Box>
			)}
			<Box marginTop={1}>
				<Footer keymap={keymap(stepped)} />
			</Box>
		</Box>
	);
}
