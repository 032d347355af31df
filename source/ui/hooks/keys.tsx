import {useInput, type Key} from 'ink';
import {createContext, useContext, useLayoutEffect, useRef, type ReactNode} from 'react';

type Handler = (input: string, key: Key) => void;
type Entry = {current: Handler};

const KeysContext = createContext<Set<Entry> | undefined>(undefined);

/**
 * Owns the one subscription to the keyboard and hands each key to the
 * handlers of the screens on display. Ink's useInput subscribes in an effect
 * that runs some time after a frame is drawn, so a key typed just as a new
 * screen appears could reach the screen before it (a q meant for the lesson
 * left the list of modes). Screens register with useKeys as their frame is
 * committed instead, so a key always goes to the screen it was typed at.
 */
export function KeysProvider({children, isActive}: {children: ReactNode; isActive: boolean}) {
	const handlers = useRef(new Set<Entry>()).current;
	useInput(
		(input, key) => {
			// Ctrl+C belongs to the app (it quits); a screen must never read it as its own "c".
			if (key.ctrl && input === 'c') return;
			for (const handler of [...handlers]) handler.current(input, key);
		},
		{isActive},
	);
	return <KeysContext.Provider value={handlers}>{children}</KeysContext.Provider>;
}

/** Ink's useInput, registered with the frame that shows the screen (see KeysProvider). */
export function useKeys(handler: Handler, options: {isActive?: boolean} = {}): void {
	const handlers = useContext(KeysContext);
	if (!handlers) throw new Error('useKeys needs a KeysProvider above it');
	const entry = useRef<Handler>(handler);
	useLayoutEffect(() => {
		entry.current = handler;
	});
	const isActive = options.isActive !== false;
	useLayoutEffect(() => {
		if (!isActive) return;
		handlers.add(entry);
		return () => {
			handlers.delete(entry);
		};
	}, [handlers, isActive]);
}
