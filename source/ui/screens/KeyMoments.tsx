import {Text} from 'ink';
import {useState} from 'react';
import type {Lesson} from '../../lessons/schema.js';
import {wrap} from '../../lessons/format.js';
import type {KeyHelp} from '../widgets/Help.js';
import ListScreen from '../widgets/ListScreen.js';

type Props = {
	lesson: Lesson;
	width: number;
	inputActive: boolean;
	onReplay: (step: number, index: number) => void;
	/** Runs a contrast of the lesson beside it (from the moment at index). */
	onCompare: (contrast: string, index: number) => void;
	onLeave: () => void;
	/** The moment highlighted first. */
	initialIndex?: number;
};

const keys: KeyHelp = [
	['↑ ↓', 'choose a key moment'],
	['Enter', 'replay the deploy on fresh servers up to its step, at real speed'],
	['v', 'a moment about another way: run that way beside the lesson, on fresh servers'],
	['?', 'this help'],
	['q Esc', 'back to the modes'],
	['Ctrl+C', 'quit zdd-learn'],
];

/** The key moments; choosing one replays the deploy to its step. */
export default function KeyMoments({lesson, width, inputActive, onReplay, onCompare, onLeave, initialIndex = 0}: Props) {
	const [highlighted, setHighlighted] = useState(initialIndex);
	const items = lesson.keyMoments.map((moment, index) => ({
		key: String(index),
		label: `Step ${moment.step}: ${moment.title}`,
		value: index,
	}));
	const moment = lesson.keyMoments[highlighted];
	const contrast = moment?.contrast === undefined ? undefined : lesson.contrasts.find(c => c.id === moment.contrast);
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
						{contrast ? (
							<Text color="cyan" wrap="truncate">
								v runs “{contrast.title}” beside this lesson, on fresh servers
							</Text>
						) : null}
						{wrap(moment.text, width).map((line, i) => (
							<Text key={`m-${String(i)}`}>{line}</Text>
						))}
					</>
				) : undefined
			}
			help={{title: 'key moments', keys}}
			footer={[['↑↓', 'choose'], ['Enter', 'replay'], ...(contrast ? [['v', 'compare'] as const] : []), ['?', 'help'], ['q', 'back']]}
			width={width}
			inputActive={inputActive}
			initialIndex={initialIndex}
			onHighlight={setHighlighted}
			onKey={input => {
				if (input === 'v' && contrast) onCompare(contrast.id, highlighted);
			}}
			onSelect={index => {
				onReplay(lesson.keyMoments[index]!.step, index);
			}}
			onLeave={onLeave}
		/>
	);
}
