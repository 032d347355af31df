import {Box, Text} from 'ink';
import {useState} from 'react';
import type {Exercise} from '../../exercises/schema.js';
import {wrap} from '../../shared/format.js';
import type {Progress} from '../../progress/store.js';
import {exerciseState} from '../../exercises/progress.js';
import {bindings, type Keymap} from '../keymap.js';
import ListScreen, {startIndex} from '../widgets/ListScreen.js';
import {useListMemory} from '../state/list-memory.js';

type Props = {
	exercises: readonly Exercise[];
	progress: Progress;
	width: number;
	inputActive: boolean;
	/** Where q goes, in the help: back to the menu, or to a lesson's ways to learn. */
	leaveLabel?: string;
	/** The list's name in the app's memory of lists (all the exercises, or one lesson's). */
	memory?: string;
	onOpen: (id: string) => void;
	onLeave: () => void;
};

const title = 'Fix it yourself';

function keymapOf(leaveLabel: string): Keymap {
	return {
		title: 'exercises',
		bindings: [
			bindings.choose('an exercise'),
			{keys: 'Enter', help: 'open it: its file is written to ./zdd-learn-exercises/<id>/, for your editor', footer: 'open'},
			bindings.help,
			bindings.leave(leaveLabel, 'back'),
			bindings.quit,
		],
	};
}

/** The exercises, with where the learner is with each. */
export default function Exercises({
	exercises,
	progress,
	width,
	inputActive,
	leaveLabel = 'back to the menu',
	memory = 'exercises',
	onOpen,
	onLeave,
}: Props) {
	// Coming back from an exercise, the cursor is on it.
	const {remembered} = useListMemory(memory);
	const [highlighted, setHighlighted] = useState(
		() =>
			exercises[
				startIndex(
					exercises.map(e => ({key: e.id})),
					undefined,
					remembered,
				)
			]?.id,
	);
	const current = exercises.find(e => e.id === highlighted);
	return (
		<ListScreen
			header={
				// Wrapped here, word by word: a wrapped line never starts with a space.
				<Box flexDirection="column">
					{wrap(`${title} · a server with one shutdown flaw, fixed in your editor, measured on every save`, width).map((line, i) => (
						<Text key={`h-${String(i)}`} bold>
							{i === 0 && line.startsWith(title) ? (
								<>
									<Text color="cyan">{title}</Text>
									{line.slice(title.length)}
								</>
							) : (
								line
							)}
						</Text>
					))}
				</Box>
			}
			heading="Exercises"
			items={exercises.map((exercise, i) => ({
				key: exercise.id,
				label: `${i + 1}. ${exercise.title}  (${exerciseState(progress, exercise.id)})`,
				value: exercise.id,
			}))}
			memory={memory}
			detail={
				current
					? current.task.flatMap((line, i) => wrap(line, width).map((part, j) => <Text key={`t-${String(i)}-${String(j)}`}>{part}</Text>))
					: undefined
			}
			keymap={keymapOf(leaveLabel)}
			width={width}
			inputActive={inputActive}
			onHighlight={setHighlighted}
			onSelect={onOpen}
			onLeave={onLeave}
		/>
	);
}
