import {Box, Text} from 'ink';
import type {Lesson, LessonStep} from '../../lessons/schema.js';
import {wrap} from '../../shared/format.js';
import CodeWindow from './CodeWindow.js';
import {ScrollCue, useTextScroll} from './ScrollText.js';

type Props = {
	lesson: Lesson;
	step: LessonStep;
	stepNumber: number;
	mode: 'explain' | 'code';
	width: number;
	rows: number;
	/** A key moment chosen to replay (its index): shown at its step instead of the step's first. */
	momentIndex?: number;
	/** ↑ ↓ scroll its text when it does not fit. */
	active: boolean;
};

/**
 * The bottom pane: the step's key moment (when it has one) or its note,
 * with as much of the code as fits; `c` switches to the code alone.
 */
export default function Pane({lesson, step, stepNumber, mode, width, rows, momentIndex, active}: Props) {
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
	const text = moment ? moment.text : step.note;
	return (
		<Explanation
			key={text}
			lesson={lesson}
			step={step}
			title={moment ? `★ ${title}` : title}
			magenta={moment !== undefined}
			text={text}
			width={width}
			rows={rows}
			active={active}
		/>
	);
}

type ExplanationProps = {
	lesson: Lesson;
	step: LessonStep;
	title: string;
	magenta: boolean;
	text: string;
	width: number;
	rows: number;
	active: boolean;
};

/** The explanation, its rest one key away (↑ ↓), then the code if there is room. */
function Explanation({lesson, step, title, magenta, text, width, rows, active}: ExplanationProps) {
	const body = wrap(text, width);
	const textRows = Math.min(body.length, rows - 1);
	const codeRows = rows - 1 - textRows - 1;
	const {shown, cue} = useTextScroll(body, rows - 1, active);
	return (
		<Box flexDirection="column">
			<Box columnGap={2}>
				<Text bold color={magenta ? 'magenta' : undefined} wrap="truncate">
					{title}
				</Text>
				<ScrollCue cue={cue} />
			</Box>
			{shown.map((line, i) => (
				<Text key={`t-${String(i)}`} wrap="truncate">
					{line}
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
