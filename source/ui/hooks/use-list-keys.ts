import {useState} from 'react';
import {useKeys} from './keys.js';

/**
 * The keys every list screen shares: `?` opens and closes its help, `q` or
 * Esc leaves (or closes the help). The list itself takes ↑ ↓ and Enter;
 * a screen's other keys go to onKey.
 */
export function useListKeys(inputActive: boolean, onLeave: () => void, onKey?: (input: string) => void): {help: boolean} {
	const [help, setHelp] = useState(false);
	useKeys(
		(input, key) => {
			if (help) {
				if (input === '?' || key.escape || input === 'q') setHelp(false);
				return;
			}

			if (input === '?') setHelp(true);
			else if (input === 'q' || key.escape) onLeave();
			else onKey?.(input);
		},
		{isActive: inputActive},
	);
	return {help};
}
