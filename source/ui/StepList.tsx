import {Box, Text} from 'ink';
import type {StepSnapshot} from '../engine/index.js';
import {compareStep} from '../lessons/compare.js';
import type {LessonStep} from '../lessons/schema.js';
import {fit} from '../format.js';
import {verdictStyle} from './theme.js';

type Props = {
	steps: readonly LessonStep[];
	measured: readonly StepSnapshot[];
	viewing: number;
	busyStep: number | undefined;
	width: number;
};

/** A step's mark: ⋯ being performed, ○ not yet, ✖ measured differs from expected, ✔ as expected. */
export function stepStatus(step: LessonStep, measured: StepSnapshot | undefined, busy: boolean): {symbol: string; color?: string} {
	if (busy) return {symbol: '⋯', color: 'yellow'};
	if (!measured) return {symbol: '○', color: 'gray'};
	const fields = compareStep(step, measured);
	return verdictStyle[fields.some(field => field.verdict === 'differs') ? 'differs' : 'match'];
}

/** The execution table's steps: ✔ as expected, ✖ differs, ⋯ running, ○ not yet; ▶ the one on screen. */
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
