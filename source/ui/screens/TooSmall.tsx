import {Text} from 'ink';
import type {Size} from '../hooks/use-terminal-size.js';

/** The size a lesson's screens need (the menus need less). */
export const minSize: Size = {columns: 80, rows: 24};

/** In place of a screen the terminal is too small for: the size it needs, and what a key still does. */
export function TooSmall({size, min, action}: {size: Size; min: Size; action: string}) {
	return (
		<Text color="yellow">
			Make the terminal at least {min.columns}×{min.rows} (now {size.columns}×{size.rows}); {action}.
		</Text>
	);
}
