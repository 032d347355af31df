import {Text} from 'ink';
import {requirementMet, requirementText} from '../../lessons/schema.js';
import {useState} from 'react';
import type {Lesson} from '../../lessons/schema.js';
import {modes, type ModeId} from '../../lessons/modes.js';
import type {LessonProgress} from '../../progress/store.js';
import {wrap} from '../../lessons/format.js';
import {bindings, type Keymap} from '../keymap.js';
import ListScreen from '../widgets/ListScreen.js';

type Props = {
	lesson: Lesson;
	progress: LessonProgress | undefined;
	width: number;
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
export default function ModeMenu({lesson, progress, width, inputActive, exercises = 0, onChoose, onBack}: Props) {
	const [highlighted, setHighlighted] = useState<ModeId | 'exercise'>('guided');
	const items: Array<{key: string; label: string; value: ModeId | 'exercise'}> = modes.map((mode, index) => ({
		key: mode.id,
		label: `${index + 1}. ${mode.title}`,
		value: mode.id,
	}));
	if (exercises > 0) items.push({key: 'exercise', label: `${items.length + 1}. Fix it yourself`, value: 'exercise'});
	const blurb =
		highlighted === 'exercise'
			? `${exercises === 1 ? 'a server with' : `${exercises} servers, each with`} this lesson's flaw, fixed in your own editor; every save is deployed and measured`
			: modes.find(mode => mode.id === highlighted)?.blurb;
	const quiz = progress?.quiz;
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
			detail={[
				...wrap(blurb ?? '', width).map((line, i) => (
					<Text key={`b-${String(i)}`} dimColor>
						{line}
					</Text>
				)),
				...(requirementMet(lesson)
					? []
					: wrap(
							`This lesson needs ${requirementText(lesson.requires!)}: on Node ${process.versions.node} on ${process.platform} it shows the real fallback.`,
							width,
						).map((line, i) => (
							<Text key={`r-${String(i)}`} color="yellow">
								{line}
							</Text>
						))),
			]}
			keymap={keymap}
			width={width}
			inputActive={inputActive}
			onHighlight={setHighlighted}
			onSelect={onChoose}
			onLeave={onBack}
		/>
	);
}
