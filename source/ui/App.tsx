import {Box, useApp, useInput, useStdin} from 'ink';
import {useState} from 'react';
import type {Lab} from '../engine/index.js';
import type {Lesson} from '../lessons/schema.js';
import LessonScreen, {TooSmall} from './LessonScreen.js';
import Menu from './Menu.js';
import {useTerminalSize} from './use-terminal-size.js';

export type ExitReason = 'quit' | 'interrupt';

const menuMinSize = {columns: 50, rows: 16};

type Props = {
	lab: Lab;
	lessons: readonly Lesson[];
	initialLesson?: string;
};

/** The one place that exits: children only say they are done. */
export default function App({lab, lessons, initialLesson}: Props) {
	const {exit} = useApp();
	const {isRawModeSupported} = useStdin();
	const inputActive = isRawModeSupported === true;
	const size = useTerminalSize();
	const [open, setOpen] = useState<string | undefined>(initialLesson);
	const knownIds = new Set(lessons.map(lesson => lesson.id));
	const lesson = lessons.find(l => l.id === open);

	const menuTooSmall = !lesson && (size.columns < menuMinSize.columns || size.rows < menuMinSize.rows);

	useInput(
		(input, key) => {
			if (key.ctrl && input === 'c') exit('interrupt' satisfies ExitReason);
			else if (menuTooSmall && (input === 'q' || key.escape)) exit('quit' satisfies ExitReason);
		},
		{isActive: inputActive},
	);

	return (
		<Box flexDirection="column">
			{lesson ? (
				<LessonScreen
					lab={lab}
					lesson={lesson}
					knownIds={knownIds}
					size={size}
					inputActive={inputActive}
					onLeave={() => {
						setOpen(undefined);
					}}
				/>
			) : menuTooSmall ? (
				<TooSmall size={size} min={menuMinSize} action="q quits" />
			) : (
				<Menu
					lessons={lessons}
					width={Math.min(size.columns, 100)}
					inputActive={inputActive && !menuTooSmall}
					onOpen={setOpen}
					onQuit={() => {
						exit('quit' satisfies ExitReason);
					}}
				/>
			)}
		</Box>
	);
}
