import {Text} from 'ink';
import {useState} from 'react';
import type {Lesson} from '../../lessons/schema.js';
import {modeIds, modeTitle, type ModeId} from '../../lessons/modes.js';
import type {LessonProgress, Progress} from '../../progress/store.js';
import {clip, wrap} from '../../shared/format.js';
import {bindings, type Keymap} from '../keymap.js';
import ListScreen from '../widgets/ListScreen.js';
import {rememberedIndex, useListMemory} from '../state/list-memory.js';
import {shareRows} from '../state/list-window.js';

type Props = {
	lessons: readonly Lesson[];
	progress: Progress;
	/** One line about the progress file, when something went wrong with it. */
	warning?: string;
	width: number;
	/** The terminal's rows: a list too long for them scrolls, the detail under it is cut. */
	rows?: number;
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
const tagline = ' · zero-downtime deploys of Express, measured on real servers';

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
export default function Menu({
	lessons,
	progress,
	warning,
	from,
	width,
	rows = 24,
	inputActive,
	onOpen,
	onResume,
	onVerify,
	exercises,
	onQuit,
}: Props) {
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
	// Coming back from a lesson, the list is on it; otherwise where the learner left it; otherwise on Resume, if there is one.
	const memory = useListMemory('menu');
	const fromIndex = from === undefined ? -1 : items.findIndex(item => item.value === from);
	const initial = fromIndex >= 0 ? fromIndex : (rememberedIndex(items, memory.remembered) ?? (canResume ? lessons.length : 0));
	const [highlighted, setHighlighted] = useState<string | undefined>(items[initial]?.value);
	const current = highlighted === resume ? lastLesson : lessons.find(lesson => lesson.id === highlighted);
	const detailText =
		highlighted === practice
			? 'Fix a server with one shutdown flaw in your own editor; zdd-learn deploys and measures it on every save.'
			: highlighted === check
				? 'Deploy your own app, unchanged, as Kubernetes would, under load through a balancer, and see what happened to every request (zdd-learn verify).'
				: (current?.summary ?? '');
	// The title, the warning and the coming lessons are wrapped here, so the lines they take are known.
	const title = wrap(`zdd-learn${tagline}`, width);
	const warningLines = warning ? wrap(`⚠ ${warning}`, width) : [];
	const comingLines = coming.length > 0 ? wrap(`Coming: ${coming.join(', ')}`, width) : [];
	// The title, the warning, a gap, the heading, the coming lessons, a gap and the footer.
	const fixed = title.length + warningLines.length + 2 + comingLines.length + 2;
	const share = shareRows({rows, fixed, items: items.length, detail: wrap(detailText, width).length});
	return (
		<ListScreen
			header={
				<>
					{title.map((line, i) =>
						i === 0 && line.startsWith('zdd-learn') ? (
							<Text key="t-0">
								<Text bold color="cyan">
									zdd-learn
								</Text>
								<Text>{line.slice('zdd-learn'.length)}</Text>
							</Text>
						) : (
							<Text key={`t-${String(i)}`}>{line}</Text>
						),
					)}
					{warningLines.map((line, i) => (
						<Text key={`w-${String(i)}`} color="yellow">
							{line}
						</Text>
					))}
				</>
			}
			heading="Lessons"
			items={items}
			initialIndex={initial}
			memory="menu"
			rows={share.list}
			below={
				comingLines.length > 0
					? comingLines.map((line, i) => (
							<Text key={`c-${String(i)}`} dimColor>
								{line}
							</Text>
						))
					: undefined
			}
			detail={
				share.detail > 0 ? clip(detailText, width, share.detail).map((line, i) => <Text key={`d-${String(i)}`}>{line}</Text>) : undefined
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
