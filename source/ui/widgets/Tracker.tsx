import {Box, Text} from 'ink';
import {failures, type Counts, type StepSnapshot} from '../../engine/index.js';
import {expectedHandlingShort, judgeStep, stateLabel} from '../../lessons/compare.js';
import {type Lesson} from '../../lessons/schema.js';
import {versionNames, type VersionNames} from '../../lessons/settings.js';
import {fit, pad} from '../../shared/format.js';
import {statusStyle, verdictStyle} from '../theme.js';

/** predicted: failures the lesson foretold, a ✔ in the colour of a failure. */
type Cell = {expected: string; measured?: string; differs?: boolean; predicted?: boolean};

function shortHandling(counts: Counts, names: VersionNames): string {
	const failed = failures(counts);
	if (failed > 0) return failed === counts.refused ? `${failed} refused` : `${failed} failed`;
	if (counts.old > 0 && counts.new > 0) return `${names.old} + ${names.new}`;
	if (counts.old > 0) return `${names.old} ${counts.old}`;
	if (counts.new > 0) return `${names.new} ${counts.new}`;
	return 'none';
}

/** The width of the row names' column. */
export const trackerLabel = 14;

/**
 * The variable tracker: each server's state and who handles requests, at
 * the lesson's checkpoints, the expected value over the measured one.
 */
export default function Tracker({lesson, measured, width}: {lesson: Lesson; measured: readonly StepSnapshot[]; width: number}) {
	const label = trackerLabel;
	const column = Math.max(10, Math.floor((width - label) / lesson.tracker.length));
	const heads = lesson.tracker.map((checkpoint, i) =>
		checkpoint === 0 ? 'Start' : i === lesson.tracker.length - 1 ? 'Final' : `After ${checkpoint}`,
	);
	const names = versionNames(lesson);
	const rows: Array<[string, Cell[]]> = [
		[`${names.old} server`, []],
		[`${names.new} server`, []],
		['requests', []],
	];
	for (const checkpoint of lesson.tracker) {
		if (checkpoint === 0) {
			const first = measured[0];
			for (const [i, version] of (['old', 'new'] as const).entries()) {
				rows[i]![1].push({
					expected: stateLabel['not-started'],
					measured: first ? stateLabel[first.before[version]] : undefined,
					differs: first ? first.before[version] !== 'not-started' : undefined,
				});
			}

			// Before the first step no request has been sent: nothing to measure.
			rows[2]![1].push({expected: 'none', measured: first ? 'none sent' : undefined});
			continue;
		}

		const step = lesson.steps[checkpoint - 1]!;
		const record = measured[checkpoint - 1];
		// The same judge as every other view; a step under way gets no ✔ or ✖ yet.
		const {status, fields} = judgeStep(step, record, false, names);
		const final = status !== 'live';
		for (const [i, version] of (['old', 'new'] as const).entries()) {
			rows[i]![1].push({
				expected: stateLabel[step.expected[version]],
				measured: record ? stateLabel[record.states[version]] : undefined,
				differs: record && final ? fields[i]!.verdict === 'differs' : undefined,
			});
		}

		const handling = fields[2];
		rows[2]![1].push({
			expected: expectedHandlingShort(step.expected, names),
			measured: record ? (handling!.verdict === 'pending' ? 'nothing measured' : shortHandling(record.counts, names)) : undefined,
			differs: record && final && handling!.verdict !== 'pending' ? handling!.verdict === 'differs' : undefined,
			predicted: record !== undefined && final && handling!.verdict === 'match' && handling!.predicted !== undefined,
		});
	}

	return (
		<Box flexDirection="column" width={width}>
			<Text bold wrap="truncate">
				{pad('', label)}
				{heads.map(head => pad(fit(head, column - 1), column)).join('')}
			</Text>
			{rows.map(([name, cells]) => (
				<Box key={name} flexDirection="column">
					<Text wrap="truncate">
						{pad(fit(name, label - 1), label)}
						{/* A space between cells, always: one that fills its column is cut a character short. */}
						{cells.map(cell => pad(fit(cell.expected, column - 1), column)).join('')}
					</Text>
					<Text wrap="truncate">
						<Text dimColor>{pad('  measured', label)}</Text>
						{cells.map((cell, i) => (
							<Text
								key={`c-${String(i)}`}
								color={
									cell.predicted
										? statusStyle.predicted.color
										: verdictStyle[cell.differs ? 'differs' : cell.differs === false ? 'match' : 'pending'].color
								}
							>
								{pad(
									cell.measured === undefined
										? '○'
										: `${cell.differs ? '✖' : cell.differs === false ? '✔' : '·'} ${fit(cell.measured, column - 3)}`,
									column,
								)}
							</Text>
						))}
					</Text>
				</Box>
			))}
		</Box>
	);
}
