import {Text} from 'ink';
import {useState} from 'react';
import type {Lesson} from '../lessons/schema.js';
import {wrap} from '../format.js';
import type {KeyHelp} from './Help.js';
import ListScreen from './ListScreen.js';

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
	const [highlighted, setHighlighted] = useState(0);
	const items = lesson.keyMoments.map((moment, index) => ({
		key: String(index),
		label: `Step ${moment.step}: ${moment.title}`,
		value: index,
	}));
	const moment = lesson.keyMoments[highlighted];
	return (
		<ListScreen
			header={
				<Text bold wrap="truncate">
					Key moments · {lesson.title}
				</Text>
			}
			items={items}
			detail={
				moment ? (
					<>
						<Text dimColor>Enter replays the deploy on fresh servers to step {moment.step} and explains it there.</Text>
						{wrap(moment.text, width).map((line, i) => (
							<Text key={`m-${String(i)}`}>{line}</Text>
						))}
					</>
				) : undefined
			}
			help={{title: 'key moments', keys}}
			footer={[
				['↑↓', 'choose'],
				['Enter', 'replay'],
				['?', 'help'],
				['q', 'back'],
			]}
			width={width}
			inputActive={inputActive}
			onHighlight={setHighlighted}
			onSelect={index => {
				onReplay(lesson.keyMoments[index]!.step);
			}}
			onLeave={onLeave}
		/>
	);
}
