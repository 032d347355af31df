import {Box, Text} from 'ink';
import type {Lesson, LessonStep} from '../../lessons/schema.js';
import {fit} from '../../shared/format.js';

/** The code with the step's lines marked, as a window around them. */
export default function CodeWindow({lesson, step, width, rows}: {lesson: Lesson; step: LessonStep; width: number; rows: number}) {
	const first = Math.min(...step.codeLines);
	const last = Math.max(...step.codeLines);
	const span = last - first + 1;
	const start = Math.max(1, Math.min(first - Math.floor((rows - span) / 2), lesson.code.length - rows + 1));
	const lines = lesson.code.slice(start - 1, start - 1 + rows);
	return (
		<Box flexDirection="column">
			{lines.map((line, i) => {
				const number = start + i;
				const here = step.codeLines.includes(number);
				return (
					<Text key={number} wrap="truncate" color={here ? 'cyan' : undefined} bold={here}>
						{here ? '▶' : ' '}
						{String(number).padStart(3)} {fit(line, width - 6)}
					</Text>
				);
			})}
		</Box>
	);
}
