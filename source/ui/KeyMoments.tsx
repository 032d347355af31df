import {Box, Text} from 'ink';
import SelectInput from 'ink-select-input';
import {useState} from 'react';
import type {Lesson} from '../lessons/schema.js';
import {wrap} from '../format.js';
import Footer from './Footer.js';
import Help, {type KeyHelp} from './Help.js';
import {useListKeys} from './use-list-keys.js';

type Props = {
	lesson: Lesson;
	width: number;
	inputActive: boolean;
	onReplay: (step: number) => void;
	onLeave: () => void;
};

const keys: KeyHelp = [
	['↑ ↓', 'choose a key moment'],
	['Enter', 'replay the deploy on fresh servers up to its step, at real speed'],
	['?', 'this help'],
	['q Esc', 'back to the modes'],
	['Ctrl+C', 'quit zdd-learn'],
];

/** The key moments; choosing one replays the deploy to its step. */
export default function KeyMoments({lesson, width, inputActive, onReplay, onLeave}: Props) {
	const {help} = useListKeys(inputActive, onLeave);
	const [highlighted, setHighlighted] = useState(0);
	const items = lesson.keyMoments.map((moment, index) => ({
		key: String(index),
		label: `Step ${moment.step}: ${moment.title}`,
		value: index,
	}));
	const moment = lesson.keyMoments[highlighted];
	return (
		<Box flexDirection="column" width={width}>
			<Text bold wrap="truncate">
				Key moments · {lesson.title}
			</Text>
			{help ? (
				<Help title="key moments" keys={keys} />
			) : (
				<Box flexDirection="column" marginTop={1}>
					<SelectInput
						items={items}
						isFocused={inputActive}
						onHighlight={item => {
							setHighlighted(item.value);
						}}
						onSelect={item => {
							onReplay(lesson.keyMoments[item.value]!.step);
						}}
					/>
					{moment ? (
						<Box marginTop={1} flexDirection="column">
							<Text dimColor>Enter replays the deploy on fresh servers to step {moment.step} and explains it there.</Text>
							{wrap(moment.text, width).map((line, i) => (
								<Text key={`m-${String(i)}`}>{line}</Text>
							))}
						</Box>
					) : null}
				</Box>
			)}
			<Box marginTop={1}>
				<Footer
					keys={[
						['↑↓', 'choose'],
						['Enter', 'replay'],
						['?', 'help'],
						['q', 'back'],
					]}
				/>
			</Box>
		</Box>
	);
}
