import {Box, Text} from 'ink';
import {useState} from 'react';
import type {Lab} from '../../engine/index.js';
import type {Lesson} from '../../lessons/schema.js';
import {strategiesOf, type Strategy} from '../../race/race.js';
import {claimWords, strategyName} from '../../race/table.js';
import {wrap} from '../../shared/format.js';
import Footer from '../widgets/Footer.js';
import Help from '../widgets/Help.js';
import {bindings, type Keymap} from '../keymap.js';
import {useHelp} from '../hooks/use-help.js';
import {RaceRows} from './Race.js';
import {measuredColor} from '../theme.js';
import type {Size} from '../hooks/use-terminal-size.js';
import {useKeys} from '../hooks/keys.js';
import {useRace} from '../hooks/use-race.js';

type Props = {
	lab: Lab;
	lesson: Lesson;
	/** The contrasts to run beside the lesson (ids); all of them when absent. */
	contrasts?: readonly string[];
	size: Size;
	inputActive: boolean;
	onLeave: () => void;
	leaveLabel?: string;
};

/** Long enough to watch each deploy, short enough to compare several in seconds. */
export const compareDurationMs = 1500;

function keymap(done: boolean, leaveLabel: string): Keymap {
	return {
		title: 'compare',
		bindings: [
			{keys: 'r', help: 'run them again, on fresh servers (once finished)', footer: 'again', now: done},
			bindings.help,
			bindings.leave('back', leaveLabel),
			bindings.quit,
		],
	};
}

/**
 * The strategies a comparison runs: the lesson's own deploy first, then the contrasts asked for,
 * and any other way a "fewer failures than" claim of theirs is measured against.
 */
export function comparedStrategies(lesson: Lesson, contrasts?: readonly string[]): Strategy[] {
	const [own, ...others] = strategiesOf([lesson]);
	const asked = new Set(contrasts ?? others.map(s => s.id));
	for (const s of others) if (asked.has(s.id) && s.fewerFailuresThan) asked.add(s.fewerFailuresThan);
	return [own!, ...others.filter(s => asked.has(s.id))];
}

/**
 * The lesson's deploy and its contrasts, one after another on fresh servers
 * under the same load, measured the same way as the race; then each one's
 * measured headline, and what the lesson says of it.
 */
export default function Compare({lab, lesson, contrasts, size, inputActive, onLeave, leaveLabel = 'back'}: Props) {
	const [strategies] = useState(() => comparedStrategies(lesson, contrasts));
	const [options] = useState(() => ({
		rate: lab.options.rate,
		durationMs: compareDurationMs,
		keepAlive: lab.options.keepAlive,
		seed: lab.options.seed ?? 1,
	}));
	const help = useHelp();
	const {results, current, done, again} = useRace(strategies, options, lab);

	useKeys(
		(input, key) => {
			if (help.keys(input, key)) return;
			if (input === 'q' || key.escape) onLeave();
			else if (input === 'r' && done) again();
		},
		{isActive: inputActive},
	);

	const width = Math.min(size.columns - 1, 110);
	// What the load really was: a way may fix keep-alive, or send bursts of its own.
	const keepAlives = new Set(strategies.map(s => s.keepAlive ?? options.keepAlive));
	const bursts = strategies.filter(s => s.setup?.burst).map(s => strategyName(s, 20));
	const loadLine = [
		`Each on fresh servers, ~${(compareDurationMs / 1000).toFixed(1)} s: ${options.rate} req/s`,
		keepAlives.size === 1 ? `keep-alive ${keepAlives.has(true) ? 'on' : 'off'}` : 'keep-alive as each way sets it',
		...(bursts.length > 0 ? [`bursts instead for ${bursts.join(', ')}`] : []),
	].join(' · ');
	const asked = strategies.filter(s => contrasts?.includes(s.id));
	const title = asked.length === 1 ? `${lesson.title}, beside: ${asked[0]!.title}` : `${lesson.title}, beside its other ways`;
	// Each result in full (a name, its headline, what the lesson says) when the terminal has the rows; else one line each.
	const fullRows = results.reduce(
		(sum, r) => sum + 2 + wrap(r.headline, width - 2).length + wrap(claimWords(r, results) ?? '', width - 2).length,
		0,
	);
	const above = wrap(title, width).length + wrap(loadLine, width).length + 1 + strategies.length + 1;
	const compact = above + fullRows + 2 > size.rows;
	return (
		<Box flexDirection="column" width={width}>
			{wrap(title, width).map((line, i) => (
				<Text key={`t-${String(i)}`} bold color="cyan">
					{line}
				</Text>
			))}
			{wrap(loadLine, width).map((line, i) => (
				<Text key={`l-${String(i)}`} dimColor>
					{line}
				</Text>
			))}
			{help.open ? (
				<Help keymap={keymap(done, leaveLabel)} />
			) : (
				<Box flexDirection="column" marginTop={1}>
					<RaceRows
						strategies={strategies}
						results={results}
						current={done ? undefined : current}
						durationMs={compareDurationMs}
						width={width}
					/>
					{done
						? compact
							? results.map(result => (
									<Text key={result.id} wrap="truncate" color={measuredColor(result.zeroDowntime)}>
										{result.zeroDowntime ? '✔' : '✖'} {strategyName(result, 18)}:{' '}
										<Text dimColor>{claimWords(result, results) ?? result.headline}</Text>
									</Text>
								))
							: results.map(result => {
									const claim = claimWords(result, results);
									return (
										<Box key={result.id} flexDirection="column" marginTop={1}>
											<Text bold wrap="truncate">
												{strategyName(result, width)}
											</Text>
											{wrap(result.headline, width - 2).map((line, i) => (
												<Text key={`h-${String(i)}`} color={measuredColor(result.zeroDowntime)}>
													{'  '}
													{line}
												</Text>
											))}
											{claim
												? wrap(claim, width - 2).map((line, i) => (
														<Text key={`c-${String(i)}`} dimColor>
															{'  '}
															{line}
														</Text>
													))
												: null}
										</Box>
									);
								})
						: null}
				</Box>
			)}
			<Box marginTop={1}>
				<Footer keymap={keymap(done, leaveLabel)} />
			</Box>
		</Box>
	);
}
