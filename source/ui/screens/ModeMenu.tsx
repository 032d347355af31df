import {Text} from 'ink';
import {requirementMet, requirementText} from '../../lessons/requires.js';
import {useState} from 'react';
import type {Lesson} from '../../lessons/schema.js';
import {modes, type ModeId} from '../../lessons/modes.js';
import type {LessonProgress} from '../../progress/store.js';
import {wrap} from '../../shared/format.js';
import {bindings, type Keymap} from '../keymap.js';
import ListScreen, {startIndex} from '../widgets/ListScreen.js';
import {useListMemory} from '../state/list-memory.js';
import {shareRows} from '../state/list-window.js';

type Props = {
	lesson: Lesson;
	progress: LessonProgress | undefined;
	width: number;
	/** The terminal's rows: a list too long for them scrolls, the detail under it is cut. */
	rows?: number;
	inputActive: boolean;
	/** How many exercises the lesson has: with one or more, a tenth way, "Fix it yourself". */
	exercises?: number;
	onChoose: (mode: ModeId | 'exercise') => void;
	onBack: () => void;
};

const keymap: Keymap = {
	title: 'ways to learn',
	bindings: [
		bindings.choose('a way to learn the lesson'),
		{keys: 'Enter', help: 'open it', footer: 'open'},
		bindings.help,
		bindings.leave('back to the lessons', 'lessons'),
		bindings.quit,
	],
};

/** The nine ways to learn one lesson, and a tenth for a lesson with an exercise. */
export default function ModeMenu({lesson, progress, width, rows = 24, inputActive, exercises = 0, onChoose, onBack}: Props) {
	const items: Array<{key: string; label: string; value: ModeId | 'exercise'}> = modes.map((mode, index) => ({
		key: mode.id,
		label: `${index + 1}. ${mode.title}`,
		value: mode.id,
	}));
	if (exercises > 0) items.push({key: 'exercise', label: `${items.length + 1}. Fix it yourself`, value: 'exercise'});
	// Coming back to the lesson's list (from one of its ways, or from the menu), the cursor is where the learner left it.
	const memory = `modes:${lesson.id}`;
	const {remembered} = useListMemory(memory);
	const [highlighted, setHighlighted] = useState<ModeId | 'exercise'>(
		() => items[startIndex(items, undefined, remembered)]?.value ?? 'guided',
	);
	const blurb =
		highlighted === 'exercise'
			? `${exercises === 1 ? 'a server with' : `${exercises} servers, each with`} this lesson's flaw, fixed in your own editor; every save is deployed and measured`
			: modes.find(mode => mode.id === highlighted)?.blurb;
	const quiz = progress?.quiz;
	const blurbLines = wrap(blurb ?? '', width);
	const requirementLines = requirementMet(lesson)
		? []
		: wrap(
				`This lesson needs ${requirementText(lesson.requires!)}: on Node ${process.versions.node} on ${process.platform} it shows the real fallback.`,
				width,
			);
	// The header, a gap, the heading, a gap and the footer.
	const share = shareRows({rows, fixed: 5, items: items.length, detail: blurbLines.length + requirementLines.length});
	const detailLines = [
		...blurbLines.map(line => ({line, requirement: false})),
		...requirementLines.map(line => ({line, requirement: true})),
	].slice(0, share.detail);
	return (
		<ListScreen
			header={
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
			}
			heading="Choose how to learn it"
			items={items}
			memory={memory}
			rows={share.list}
			detail={
				detailLines.length > 0
					? detailLines.map(({line, requirement}, i) => (
							<Text key={`d-${String(i)}`} dimColor={!requirement} color={requirement ? 'yellow' : undefined}>
								{line}
							</Text>
						))
					: undefined
			}
			keymap={keymap}
			width={width}
			inputActive={inputActive}
			onHighlight={setHighlighted}
			onSelect={onChoose}
			onLeave={onBack}
		/>
	);
}
