import {Box, Text} from 'ink';
import {useState} from 'react';
import Footer from '../widgets/Footer.js';
import Help, {type KeyHelp} from '../widgets/Help.js';
import type {Size} from '../hooks/use-terminal-size.js';
import {useKeys} from '../hooks/keys.js';

type Props = {
	title: string;
	/** Lines already wrapped to the width. */
	lines: readonly string[];
	size: Size;
	inputActive: boolean;
	onLeave: () => void;
};

const keys: KeyHelp = [
	['↑ ↓', 'scroll a line'],
	['PgUp PgDn Space', 'scroll a page'],
	['Home End', 'top, bottom'],
	['?', 'this help'],
	['q Esc', 'back to the modes'],
	['Ctrl+C', 'quit zdd-learn'],
];

export function clampTop(top: number, total: number, page: number): number {
	return Math.max(0, Math.min(top, Math.max(0, total - page)));
}

/** Read-only text that scrolls: the snapshot and the transcript. */
export default function Reader({title, lines, size, inputActive, onLeave}: Props) {
	const [top, setTop] = useState(0);
	const [help, setHelp] = useState(false);
	const page = Math.max(1, size.rows - 4);
	const scroll = (to: number) => {
		setTop(clampTop(to, lines.length, page));
	};

	useKeys(
		(input, key) => {
			if (help) {
				if (input === '?' || key.escape || input === 'q') setHelp(false);
				return;
			}

			if (key.upArrow) scroll(top - 1);
			else if (key.downArrow) scroll(top + 1);
			else if (key.pageUp) scroll(top - page);
			else if (key.pageDown || input === ' ') scroll(top + page);
			else if (key.home) scroll(0);
			else if (key.end) scroll(lines.length);
			else if (input === '?') setHelp(true);
			else if (input === 'q' || key.escape) onLeave();
		},
		{isActive: inputActive},
	);

	const shown = lines.slice(top, top + page);
	const more = lines.length > page;
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
			{help ? (
				<Help title={title} keys={keys} />
			) : (
				<Box flexDirection="column" height={page}>
					{shown.map((line, i) => (
						<Text key={`${String(top + i)}`}>{line || ' '}</Text>
					))}
				</Box>
			)}
			<Footer
				keys={
					more
						? [
								['↑↓', 'scroll'],
								['PgUp/PgDn', 'page'],
								['Home/End', 'ends'],
								['?', 'help'],
								['q', 'back'],
							]
						: [
								['?', 'help'],
								['q', 'back'],
							]
				}
			/>
		</Box>
	);
}
