import {Text} from 'ink';
import {useState} from 'react';
import type {Lesson} from '../../lessons/schema.js';
import {modeIds, modeTitle, type ModeId} from '../../lessons/modes.js';
import type {LessonProgress, Progress} from '../../progress/store.js';
import {wrap} from '../../lessons/format.js';
import {bindings, type Keymap} from '../keymap.js';
import ListScreen from '../widgets/ListScreen.js';

type Props = {
	lessons: readonly Lesson[];
	progress: Progress;
	/** One line about the progress file, when something went wrong with it. */
	warning?: string;
	width: number;
	inputActive: boolean;
	onOpen: (id: string) => void;
	onResume: () => void;
	/** Check your own server (zdd-learn verify). */
	onVerify: () => void;
	/** The exercises: how many there are and have passed, and where they open. */
	exercises?: {count: number; passed: number; onOpen: () => void};
	/** The lesson the learner came back from: the list starts on it. */
	from?: string;
	onQuit: () => void;
};

const quit = '\u0000quit';
const resume = '\u0000resume';
const check = '\u0000verify';
const practice = '\u0000exercises';

function marks(progress: LessonProgress | undefined): string {
	const parts: string[] = [];
	if (progress?.completed) parts.push('✔ done');
	if (progress?.quiz) parts.push(`quiz ${progress.quiz.best}/${progress.quiz.of}`);
	return parts.length > 0 ? `  (${parts.join(' · ')})` : '';
}

export const menuKeymap: Keymap = {
	title: 'menu',
	bindings: [
		bindings.choose('a lesson'),
		{keys: 'Enter', help: 'open it and choose how to learn it', footer: 'open'},
		bindings.help,
		bindings.leave('quit zdd-learn', 'quit'),
		bindings.quit,
	],
};

/** The lessons, and the ones announced as coming. */
export default function Menu({lessons, progress, warning, from, width, inputActive, onOpen, onResume, onVerify, exercises, onQuit}: Props) {
	const ids = new Set(lessons.map(lesson => lesson.id));
	const coming = [
		...new Map(
			lessons
				.flatMap(lesson => lesson.next)
				.filter(next => !ids.has(next.id))
				.map(next => [next.id, next.title]),
		).values(),
	];
	const last = progress.last;
	const lastLesson = last && lessons.find(lesson => lesson.id === last.lesson);
	const canResume = lastLesson !== undefined && modeIds.includes(last!.mode as ModeId);
	const [highlighted, setHighlighted] = useState<string | undefined>(from ?? (canResume ? resume : lessons[0]?.id));
	// The lessons first, so that the number keys (the list's 1 to 9) open the lesson of that number;
	// the Resume row after them, highlighted when there is one.
	const items = [
		...lessons.map((lesson, index) => ({
			key: lesson.id,
			label: `${index + 1}. ${lesson.title}${marks(progress.lessons[lesson.id])}`,
			value: lesson.id,
		})),
		...(canResume
			? [
					{
						key: resume,
						label: `↺ Resume: ${lastLesson.title} · ${modeTitle(last!.mode as ModeId)}${last!.step > 0 ? ` · step ${last!.step + 1}` : ''}`,
						value: resume,
					},
				]
			: []),
		...(exercises && exercises.count > 0
			? [{key: practice, label: `✎ Fix it yourself (${exercises.passed} of ${exercises.count} exercises passed)`, value: practice}]
			: []),
		{key: check, label: '⚙ Check your own server', value: check},
		{key: quit, label: 'Quit', value: quit},
	];
	// Coming back from a lesson, the list is on it; otherwise on Resume, if there is one.
	const fromIndex = from === undefined ? -1 : items.findIndex(item => item.value === from);
	const initial = fromIndex >= 0 ? fromIndex : canResume ? lessons.length : 0;
	const current = highlighted === resume ? lastLesson : lessons.find(lesson => lesson.id === highlighted);
	return (
		<ListScreen
			header={
				<>
					<Text>
						<Text bold color="cyan">
							zdd-learn
						</Text>
						<Text> · zero-downtime deploys of Express, measured on real servers</Text>
					</Text>
					{warning ? <Text color="yellow">⚠ {warning}</Text> : null}
				</>
			}
			heading="Lessons"
			items={items}
			initialIndex={initial}
			below={coming.length > 0 ? <Text dimColor>Coming: {coming.join(', ')}</Text> : undefined}
			detail={
				highlighted === practice
					? wrap('Fix a server with one shutdown flaw in your own editor; zdd-learn deploys and measures it on every save.', width).map(
							(line, i) => <Text key={`p-${String(i)}`}>{line}</Text>,
						)
					: highlighted === check
						? wrap(
								'Deploy your own app, unchanged, as Kubernetes would, under load through a balancer, and see what happened to every request (zdd-learn verify).',
								width,
							).map((line, i) => <Text key={`v-${String(i)}`}>{line}</Text>)
						: current
							? wrap(current.summary, width).map((line, i) => <Text key={`s-${String(i)}`}>{line}</Text>)
							: undefined
			}
			keymap={menuKeymap}
			width={width}
			inputActive={inputActive}
			onHighlight={setHighlighted}
			onSelect={value => {
				if (value === quit) onQuit();
				else if (value === resume) onResume();
				else if (value === check) onVerify();
				else if (value === practice) exercises?.onOpen();
				else onOpen(value);
			}}
			onLeave={onQuit}
		/>
	);
}
