import type {Key} from 'ink';
import {useHelp} from './use-help.js';
import {useKeys} from './keys.js';

/**
 * The keys every list screen shares: `?` opens and closes its help, `q` or
 * Esc leaves (or closes the help). The list itself takes its keys first
 * (listKeys returns true for one it took: ↑ ↓, Enter, a number); a screen's
 * other keys go to onKey.
 */
export function useListKeys(
	inputActive: boolean,
	onLeave: () => void,
	onKey?: (input: string) => void,
	listKeys?: (input: string, key: Key) => boolean,
): {help: boolean} {
	const help = useHelp();
	useKeys(
		(input, key) => {
			if (help.keys(input, key)) return;
			if (listKeys?.(input, key)) return;
			if (input === 'q' || key.escape) onLeave();
			else onKey?.(input);
		},
		{isActive: inputActive},
	);
	return {help: help.open};
}
