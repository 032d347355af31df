import {Box, Text} from 'ink';
import SelectInput from 'ink-select-input';
import {useState} from 'react';
import type {Lesson} from '../lessons/schema.js';
import {modes, type ModeId} from '../modes.js';
import type {LessonProgress} from '../progress.js';
import {wrap} from '../format.js';
import Footer from './Footer.js';
import Help, {type KeyHelp} from './Help.js';
import {useListKeys} from './use-list-keys.js';

type Props = {
	lesson: Lesson;
	progress: LessonProgress | undefined;
	width: number;
	inputActive: boolean;
	onChoose: (mode: ModeId) => void;
	onBack: () => void;
};

const keys: KeyHelp = [
	['↑ ↓', 'choose a way to learn the lesson'],
	['Enter', 'open it'],
	['?', 'this help'],
	['q Esc', 'back to the lessons'],
	['Ctrl+C', 'quit zdd-learn'],
];

/** The nine ways to learn one lesson. */
export default function ModeMenu({lesson, progress, width, inputActive, onChoose, onBack}: Props) {
	const {help} = useListKeys(inputActive, onBack);
	const [highlighted, setHighlighted] = useState<ModeId>('guided');
	const items = modes.map((mode, index) => ({key: mode.id, label: `${index + 1}. ${mode.title}`, value: mode.id}));
	const blurb = modes.find(mode => mode.id === highlighted)?.blurb;
	const quiz = progress?.quiz;
	return (
		<Box flexDirection="column" width={width}>
			<Text wrap="truncate">
				<Text bold color="cyan">
					zdd-learn
				</Text>
				<Text> · {lesson.title}</Text>
				<Text dimColor>
					{progress?.completed ? ' · ✔ completed' : ''}
					{quiz ? ` · quiz best ${quiz.best}/${quiz.of}` : ''}
				</Text>
			</Text>
			{help ? (
				<Help title="ways to learn" keys={keys} />
			) : (
				<Box flexDirection="column" marginTop={1}>
					<Text bold>Choose how to learn it</Text>
					<SelectInput
						items={items}
						isFocused={inputActive}
						onHighlight={item => {
							setHighlighted(item.value);
						}}
						onSelect={item => {
							onChoose(item.value);
						}}
					/>
					<Box marginTop={1} flexDirection="column">
						{wrap(blurb ?? '', width).map((line, i) => (
							<Text key={`b-${String(i)}`} dimColor>
								{line}
							</Text>
						))}
					</Box>
				</Box>
			)}
			<Box marginTop={1}>
				<Footer
					keys={[
						['↑↓', 'choose'],
						['Enter', 'open'],
						['?', 'help'],
						['q', 'lessons'],
					]}
				/>
			</Box>
		</Box>
	);
}
