import {Box, Text} from 'ink';
import {useState} from 'react';
import Footer from '../widgets/Footer.js';
import Help from '../widgets/Help.js';
import {bindings, type Keymap} from '../keymap.js';
import {useHelp} from '../hooks/use-help.js';
import type {Size} from '../hooks/use-terminal-size.js';
import {useKeys} from '../hooks/keys.js';
import {wrap} from '../../shared/format.js';
import type {Lesson} from '../../lessons/schema.js';

type Props = {
	title: string;
	/** Lines already wrapped to the width. */
	lines: readonly string[];
	size: Size;
	inputActive: boolean;
	onLeave: () => void;
};

/** A lesson's snapshot (numbered points) or transcript (paragraphs), wrapped to the width. */
export function readerLines(lesson: Pick<Lesson, 'snapshot' | 'transcript'>, which: 'snapshot' | 'transcript', width: number): string[] {
	return which === 'snapshot'
		? lesson.snapshot.flatMap((line, i) => wrap(line, width - 3).map((part, j) => `${j === 0 ? `${i + 1}.` : '  '} ${part}`))
		: lesson.transcript.flatMap((paragraph, i) => [...(i > 0 ? [''] : []), ...wrap(paragraph, width)]);
}

/** The scrolling keys apply (and show in the footer) only when the text is longer than the page. */
function keymap(title: string, scrolls: boolean): Keymap {
	return {
		title,
		bindings: [
			{keys: '↑ ↓', help: 'scroll a line', footer: 'scroll', short: '↑↓', now: scrolls},
			{keys: 'PgUp PgDn Space', help: 'scroll a page', footer: 'page', short: 'PgUp/PgDn', now: scrolls},
			{keys: 'Home End', help: 'top, bottom', footer: 'ends', short: 'Home/End', now: scrolls},
			bindings.help,
			bindings.leave('back to the modes', 'back'),
			bindings.quit,
		],
	};
}

export function clampTop(top: number, total: number, page: number): number {
	return Math.max(0, Math.min(top, Math.max(0, total - page)));
}

/** Read-only text that scrolls: the snapshot and the transcript. */
export default function Reader({title, lines, size, inputActive, onLeave}: Props) {
	const [top, setTop] = useState(0);
	const help = useHelp();
	const page = Math.max(1, size.rows - 4);
	const scroll = (to: number) => {
		setTop(clampTop(to, lines.length, page));
	};

	useKeys(
		(input, key) => {
			if (help.keys(input, key)) return;
			if (key.upArrow) scroll(top - 1);
			else if (key.downArrow) scroll(top + 1);
			else if (key.pageUp) scroll(top - page);
			else if (key.pageDown || input === ' ') scroll(top + page);
			else if (key.home) scroll(0);
			else if (key.end) scroll(lines.length);
			else if (input === 'q' || key.escape) onLeave();
		},
		{isActive: inputActive},
	);

	const shown = lines.slice(top, top + page);
	const more = lines.length > page;
	const keys = keymap(title, more);
	return (
		<Box flexDirection="column">
			<Text bold wrap="truncate">
				{title}
				{more ? (
					<Text dimColor>
						{' '}
						(lines {top + 1}–{top + shown.length} of {lines.length})
					</Text>
				) : null}
			</Text>
			{help.open ? (
				<Help keymap={keys} />
			) : (
				<Box flexDirection="column" height={page}>
					{shown.map((line, i) => (
						<Text key={`${String(top + i)}`}>{line || ' '}</Text>
					))}
				</Box>
			)}
			<Footer keymap={keys} />
		</Box>
	);
}
