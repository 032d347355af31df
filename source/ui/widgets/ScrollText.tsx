import {Box, Text} from 'ink';
import {useState} from 'react';
import {useKeys} from '../hooks/keys.js';

/**
 * A text that is never cut: the lines that fit in `rows`, and ↑ ↓ to move
 * through the rest a line at a time. `cue` says how many lines are above and
 * below ('' when it all fits). Keyed by its text where it is used, so a new
 * text starts at its top.
 */
export function useTextScroll(lines: readonly string[], rows: number, active: boolean): {shown: string[]; cue: string} {
	const [offset, setOffset] = useState(0);
	const shown = Math.max(0, Math.min(rows, lines.length));
	// With no row to show it in, there is nothing to scroll.
	const max = shown === 0 ? 0 : Math.max(0, lines.length - shown);
	const top = Math.min(offset, max);
	useKeys(
		(_input, key) => {
			// From the offset as it stands, not as last drawn: keys typed in one burst all count.
			if (key.downArrow) setOffset(offset => Math.min(max, offset + 1));
			else if (key.upArrow) setOffset(offset => Math.max(0, Math.min(max, offset) - 1));
		},
		{isActive: active && max > 0},
	);
	const below = lines.length - top - shown;
	const cue = [top > 0 ? `↑ ${String(top)} above` : '', below > 0 ? `↓ ${String(below)} more` : ''].filter(Boolean).join(' · ');
	return {shown: lines.slice(top, top + shown), cue};
}

/** The cue, in one style wherever it is shown. */
export function ScrollCue({cue}: {cue: string}) {
	if (!cue) return null;
	return (
		<Box flexShrink={0}>
			<Text color="cyan">
				{cue} <Text dimColor>(↑↓)</Text>
			</Text>
		</Box>
	);
}

type Props = {
	/** The text, already wrapped to the width. */
	lines: readonly string[];
	/** The rows it may take, its cue's row included. */
	rows: number;
	/** ↑ ↓ scroll it (one scrolling text on screen at a time). */
	active: boolean;
	dim?: boolean;
};

/** A text in `rows` rows, its last row the cue when it does not all fit. */
export default function ScrollText({lines, rows, active, dim}: Props) {
	const fits = lines.length <= rows;
	const {shown, cue} = useTextScroll(lines, fits ? rows : rows - 1, active);
	if (rows <= 0) return null;
	// One row: the text's first line, and no room for the cue.
	if (rows === 1)
		return (
			<Text dimColor={dim} wrap="truncate">
				{shown[0] ?? lines[0]}
			</Text>
		);
	return (
		<Box flexDirection="column">
			{shown.map((line, i) => (
				<Text key={`l-${String(i)}`} dimColor={dim} wrap="truncate">
					{line}
				</Text>
			))}
			<ScrollCue cue={cue} />
		</Box>
	);
}
