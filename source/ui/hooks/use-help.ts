import type {Key} from 'ink';
import {useState} from 'react';

/**
 * A screen's help: `?` opens it; `?`, Esc or q close it, and while it is
 * open no other key reaches the screen. `keys` returns true when it took
 * the key.
 */
export function useHelp(): {open: boolean; keys: (input: string, key: Key) => boolean} {
	const [open, setOpen] = useState(false);
	return {
		open,
		keys(input, key) {
			if (open) {
				if (input === '?' || key.escape || input === 'q') setOpen(false);
				return true;
			}

			if (input !== '?') return false;
			setOpen(true);
			return true;
		},
	};
}
