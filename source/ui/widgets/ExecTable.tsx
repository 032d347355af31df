import {Box, Text} from 'ink';
import type {StepSnapshot} from '../../engine/index.js';
import {describeHandling, expectedHandlingShort, judgeStep, stateLabel} from '../../lessons/compare.js';
import type {LessonStep} from '../../lessons/schema.js';
import type {VersionNames} from '../../lessons/settings.js';
import {fit, pad, wrap} from '../../shared/format.js';
import {statusStyle, verdictStyle} from '../theme.js';

type Props = {
	steps: readonly LessonStep[];
	measured: readonly StepSnapshot[];
	viewing: number;
	busyStep: number | undefined;
	width: number;
	/** What the lesson calls its versions (blue and green). */
	names?: VersionNames;
};

const capital = (name: string) => `${name.charAt(0).toUpperCase()}${name.slice(1)}`;

/** The whole execution table: each step's expected row, and under it the measured one once performed. */
export default function ExecTable({steps, measured, viewing, busyStep, width, names = {old: 'old', new: 'new'}}: Props) {
	const state = 13;
	// The step's title wraps onto its measured row, so the requests column can have the room its words need.
	const title = Math.max(16, width - 4 - state * 2 - 28);
	const requests = width - 4 - title - state * 2;
	return (
		<Box flexDirection="column" width={width}>
			<Text bold wrap="truncate">
				{pad('   Step, then measured', title + 4)}
				{pad(`${capital(names.old)} server`, state)}
				{pad(`${capital(names.new)} server`, state)}
				{fit('Requests', requests)}
			</Text>
			{steps.map((step, index) => {
				const record = measured[index];
				const judged = judgeStep(step, record, busyStep === index, names);
				const fields = record ? judged.fields : undefined;
				const status = statusStyle[judged.status];
				// A step under way has no ✖ yet: its counts are not final.
				const final = judged.status !== 'live';
				const here = index === viewing;
				const [first = '', ...rest] = wrap(`${index + 1} ${step.title}`, title);
				const more = rest.join(' ');
				return (
					<Box key={step.title} flexDirection="column">
						<Text wrap="truncate" inverse={here}>
							{here ? '▶' : ' '}
							<Text color={status.color}>{status.symbol}</Text> {pad(first, title + 1)}
							{pad(stateLabel[step.expected.old], state)}
							{pad(stateLabel[step.expected.new], state)}
							{fit(expectedHandlingShort(step.expected, names), requests)}
						</Text>
						<Text wrap="truncate" dimColor={!record}>
							{pad(more ? `     ${more}` : record ? '    measured' : '    not performed yet', title + 4)}
							{record
								? fields!.map((field, i) => {
										const differs = final && field.verdict === 'differs';
										const mark = differs ? '✖ ' : '';
										const text = i < 2 ? field.measured : describeHandling(record.counts, names);
										// Failures the lesson foretold: no ✖, in the colour of a failure.
										const failed = differs || (final && field.predicted !== undefined);
										return (
											<Text key={field.field} color={failed ? verdictStyle.differs.color : undefined}>
												{i < 2 ? pad(`${mark}${text}`, state) : fit(`${mark}${text}`, requests)}
											</Text>
										);
									})
								: more
									? 'not performed yet'
									: ''}
						</Text>
					</Box>
				);
			})}
		</Box>
	);
}
