import {Box, Text} from 'ink';
import SelectInput from 'ink-select-input';
import {useState} from 'react';
import type {Lesson} from '../lessons/schema.js';
import {modeIds, modeTitle, type ModeId} from '../modes.js';
import type {LessonProgress, Progress} from '../progress.js';
import {wrap} from '../format.js';
import Footer from './Footer.js';
import Help, {type KeyHelp} from './Help.js';
import {useListKeys} from './use-list-keys.js';

type Props = {
	lessons: readonly Lesson[];
	progress: Progress;
	/** One line about the progress file, when something went wrong with it. */
	warning?: string;
	width: number;
	inputActive: boolean;
	onOpen: (id: string) => void;
	onResume: () => void;
	onQuit: () => void;
};

const quit = '\u0000quit';
const resume = '\u0000resume';

function marks(progress: LessonProgress | undefined): string {
	const parts: string[] = [];
	if (progress?.completed) parts.push('✔ done');
	if (progress?.quiz) parts.push(`quiz ${progress.quiz.best}/${progress.quiz.of}`);
	return parts.length > 0 ? `  (${parts.join(' · ')})` : '';
}

export const menuKeys: KeyHelp = [
	['↑ ↓', 'choose a lesson'],
	['Enter', 'open it and choose how to learn it'],
	['?', 'this help'],
	['q Esc', 'quit zdd-learn'],
	['Ctrl+C', 'quit zdd-learn'],
];

/** The lessons, and the ones announced as coming. */
export default function Menu({lessons, progress, warning, width, inputActive, onOpen, onResume, onQuit}: Props) {
	const [highlighted, setHighlighted] = useState(lessons[0]?.id);
	const {help} = useListKeys(inputActive, onQuit);
	const ids = new Set(lessons.map(lesson => lesson.id));
	const coming = [
		...new Map(
			lessons.flatMap(lesson => lesson.next).filter(next => !ids.has(next.id)).map(next => [next.id, next.title]),
		).values(),
	];
	const last = progress.last;
	const lastLesson = last && lessons.find(lesson => lesson.id === last.lesson);
	const canResume = lastLesson !== undefined && modeIds.includes(last!.mode as ModeId);
	const items = [
		...(canResume
			? [
					{
						key: resume,
						label: `↺ Resume: ${lastLesson.title} · ${modeTitle(last!.mode as ModeId)}${last!.step > 0 ? ` · step ${last!.step + 1}` : ''}`,
						value: resume,
					},
				]
			: []),
		...lessons.map((lesson, index) => ({
			key: lesson.id,
			label: `${index + 1}. ${lesson.title}${marks(progress.lessons[lesson.id])}`,
			value: lesson.id,
		})),
		{key: quit, label: 'Quit', value: quit},
	];
	const current = lessons.find(lesson => lesson.id === highlighted);


	return (
		<Box flexDirection="column" width={width}>
			<Text>
				<Text bold color="cyan">
					zdd-learn
				</Text>
				<Text> · zero-downtime deploys of Express, measured on real servers</Text>
			</Text>
			{warning ? (
				<Text color="yellow">⚠ {warning}</Text>
			) : null}
			{help ? (
				<Help title="menu" keys={menuKeys} />
			) : (
				<Box flexDirection="column" marginTop={1}>
					<Text bold>Lessons</Text>
					<SelectInput
						items={items}
						isFocused={inputActive && !help}
						onHighlight={item => {
							setHighlighted(item.value);
						}}
						onSelect={item => {
							if (item.value === quit) onQuit();
							else if (item.value === resume) onResume();
							else onOpen(item.value);
						}}
					/>
					{coming.length > 0 ? <Text dimColor>Coming: {coming.join(', ')}</Text> : null}
					{current ? (
						<Box flexDirection="column" marginTop={1}>
							{wrap(current.summary, width).map((line, i) => (
								<Text key={`s-${String(i)}`}>{line}</Text>
							))}
						</Box>
					) : null}
				</Box>
			)}
			<Box marginTop={1}>
				<Footer
					keys={[
						['↑↓', 'choose'],
						['Enter', 'open'],
						['?', 'help'],
						['q', 'quit'],
					]}
				/>
			</Box>
		</Box>
	);
}
