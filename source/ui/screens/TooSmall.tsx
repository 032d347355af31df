import {Box, Text} from 'ink';
import {wrap} from '../../shared/format.js';
import type {Size} from '../hooks/use-terminal-size.js';

/** The size a lesson's screens need (the menus need less). */
export const minSize: Size = {columns: 80, rows: 24};

/**
 * In place of a screen the terminal is too small for: the size it needs, and what a key still does.
 * Wrapped here, word by word, so that no wrapped line starts with a space.
 */
export function TooSmall({size, min, action}: {size: Size; min: Size; action: string}) {
	const text = `Make the terminal at least ${min.columns}×${min.rows} (now ${size.columns}×${size.rows}); ${action}.`;
	return (
		<Box flexDirection="column">
			{wrap(text, Math.max(1, size.columns - 1)).map((line, i) => (
				<Text key={`l-${String(i)}`} color="yellow">
					{line}
				</Text>
			))}
		</Box>
	);
}
