import {Box, Text} from 'ink';
import type {StepSnapshot} from '../../engine/index.js';
import {judgeStep} from '../../lessons/compare.js';
import type {LessonStep} from '../../lessons/schema.js';
import {fit} from '../../shared/format.js';
import {statusStyle} from '../theme.js';

type Props = {
	steps: readonly LessonStep[];
	measured: readonly StepSnapshot[];
	viewing: number;
	busyStep: number | undefined;
	width: number;
};

/** A step's mark as drawn (see judgeStep). */
export function stepStatus(step: LessonStep, measured: StepSnapshot | undefined, busy: boolean): {symbol: string; color?: string} {
	return statusStyle[judgeStep(step, measured, busy).status];
}

/** The execution table's steps: ✔ as expected, ✖ differs, · nothing measured, ⋯ under way, ○ not yet; ▶ the one on screen. */
export default function StepList({steps, measured, viewing, busyStep, width}: Props) {
	return (
		<Box flexDirection="column" width={width}>
			<Text bold>Steps</Text>
			{steps.map((step, index) => {
				const {symbol, color} = stepStatus(step, measured[index], busyStep === index);
				const here = index === viewing;
				return (
					<Text key={step.title} wrap="truncate" inverse={here}>
						<Text>{here ? '▶' : ' '}</Text>
						<Text color={color}>{symbol}</Text>
						<Text> {fit(`${index + 1} ${step.title}`, width - 4)}</Text>
					</Text>
				);
			})}
		</Box>
	);
}
