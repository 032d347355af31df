import {Text} from 'ink';

type Props = {stages: readonly string[]; current: number};

/** The concept flow's stages as a strip, the current one marked and named. */
export default function Flow({stages, current}: Props) {
	const marks = stages.map((_, index) => (index + 1 < current ? '●' : index + 1 === current ? '▶' : '○'));
	return (
		<Text wrap="truncate">
			<Text dimColor>Stage </Text>
			<Text>{marks.join('')}</Text>
			<Text dimColor>
				{' '}
				{current}/{stages.length}{' '}
			</Text>
			<Text bold>{stages[current - 1]}</Text>
		</Text>
	);
}
