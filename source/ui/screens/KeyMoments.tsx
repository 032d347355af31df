import {Text} from 'ink';
import {useState} from 'react';
import type {Lab} from '../../engine/index.js';
import type {Lesson} from '../../lessons/schema.js';
import type {Size} from '../hooks/use-terminal-size.js';
import {useDetour} from './Detour.js';
import {wrap} from '../../shared/format.js';
import {bindings, type Keymap} from '../keymap.js';
import ListScreen, {startIndex} from '../widgets/ListScreen.js';
import {useListMemory} from '../state/list-memory.js';

type Props = {
	lab: Lab;
	lesson: Lesson;
	knownIds: ReadonlySet<string>;
	size: Size;
	inputActive: boolean;
	onLeave: () => void;
	/** The moment highlighted first. */
	initialIndex?: number;
};

function keymap(canCompare: boolean): Keymap {
	return {
		title: 'key moments',
		bindings: [
			bindings.choose('a key moment'),
			{keys: 'Enter', help: 'replay the deploy on fresh servers up to its step, at real speed', footer: 'replay'},
			{keys: 'v', help: 'a moment about another way: run that way beside the lesson, on fresh servers', footer: 'compare', now: canCompare},
			bindings.help,
			bindings.leave('back to the modes', 'back'),
			bindings.quit,
		],
	};
}

/** The key moments; choosing one replays the deploy to its step, v runs a moment's other way; q comes back to the same moment. */
export default function KeyMoments({lab, lesson, knownIds, size, inputActive, onLeave, initialIndex}: Props) {
	// Coming back to the lesson's key moments, the cursor is on the one the learner left.
	const memory = `moments:${lesson.id}`;
	const {remembered} = useListMemory(memory);
	const [highlighted, setHighlighted] = useState(() =>
		startIndex(
			lesson.keyMoments.map((_, index) => ({key: String(index)})),
			initialIndex,
			remembered,
		),
	);
	const detour = useDetour({lab, lesson, knownIds, size, inputActive, leaveLabel: 'back'});
	const width = Math.min(size.columns - 1, 100);
	const items = lesson.keyMoments.map((moment, index) => ({
		key: String(index),
		label: `Step ${moment.step}: ${moment.title}`,
		value: index,
	}));
	const moment = lesson.keyMoments[highlighted];
	const contrast = moment?.contrast === undefined ? undefined : lesson.contrasts.find(c => c.id === moment.contrast);
	if (detour.shown) return detour.shown;
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
			keymap={keymap(contrast !== undefined)}
			width={width}
			inputActive={inputActive}
			initialIndex={highlighted}
			memory={memory}
			onHighlight={setHighlighted}
			onKey={input => {
				if (input === 'v' && contrast) detour.open({kind: 'compare', contrast: contrast.id});
			}}
			onSelect={index => {
				detour.open({kind: 'replay', step: lesson.keyMoments[index]!.step, moment: index});
			}}
			onLeave={onLeave}
		/>
	);
}
