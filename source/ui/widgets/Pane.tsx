import {Box, Text} from 'ink';
import type {Lesson, LessonStep} from '../../lessons/schema.js';
import {wrap} from '../../lessons/format.js';
import CodeWindow from './CodeWindow.js';

type Props = {
	lesson: Lesson;
	step: LessonStep;
	stepNumber: number;
	mode: 'explain' | 'code';
	width: number;
	rows: number;
	/** A key moment chosen to replay (its index): shown at its step instead of the step's first. */
	momentIndex?: number;
};

/**
 * The bottom pane: the step's key moment (when it has one) or its note,
 * with as much of the code as fits; `c` switches to the code alone.
 */
export default function Pane({lesson, step, stepNumber, mode, width, rows, momentIndex}: Props) {
	if (rows <= 0) return null;
	if (mode === 'code') {
		return (
			<Box flexDirection="column">
				<Text bold wrap="truncate">
					Code <Text dimColor>(▶ step {stepNumber}; c for the explanation)</Text>
				</Text>
				<CodeWindow lesson={lesson} step={step} width={width} rows={Math.max(1, rows - 1)} />
			</Box>
		);
	}

	const moments = lesson.keyMoments.filter(m => m.step === stepNumber);
	// The moment the learner chose to replay, if it is at this step; else the step's first.
	const chosen = momentIndex === undefined ? undefined : lesson.keyMoments[momentIndex];
	const moment = chosen?.step === stepNumber ? chosen : moments[0];
	const more = moments.length > 1 ? ` (+${moments.length - 1} more in Key moments)` : '';
	const title = moment ? `Key moment · ${moment.title}${more}` : 'What happens here';
	const body = wrap(moment ? moment.text : step.note, width);
	const textRows = Math.min(body.length, rows - 1);
	const codeRows = rows - 1 - textRows - 1;
	const cut = textRows < body.length;
	const cutHint = moment ? ' … (all of it in Key moments)' : ' …';
	return (
		<Box flexDirection="column">
			<Text bold color={moment ? 'magenta' : undefined} wrap="truncate">
				{moment ? '★ ' : ''}
				{title}
			</Text>
			{body.slice(0, textRows).map((line, i) => (
				<Text key={`t-${String(i)}`} wrap="truncate">
					{cut && i === textRows - 1 ? `${line.slice(0, Math.max(0, width - cutHint.length)).trimEnd()}${cutHint}` : line}
				</Text>
			))}
			{codeRows >= 3 ? (
				<Box flexDirection="column" marginTop={1}>
					<Text bold>Code</Text>
					<CodeWindow lesson={lesson} step={step} width={width} rows={codeRows - 1} />
				</Box>
			) : null}
		</Box>
	);
}
