import {useInput, useStdin, type Key} from 'ink';
import {createContext, useContext, useEffect, useLayoutEffect, useRef, useState, type ReactNode} from 'react';

type Handler = (input: string, key: Key) => void;
type Entry = {current: Handler};

const KeysContext = createContext<Set<Entry> | undefined>(undefined);

/**
 * The keys in one piece of input, as Ink hands it over. Ink already splits
 * escape sequences (↓ ↓ arrives as two keys), but a run of plain characters
 * read at once ("3jj", typed while the app was busy) comes as one string.
 */
export function splitKeys(input: string): string[] {
	if (input.includes('\u001B')) return [input];
	const keys = [...input];
	return keys.length > 1 ? keys : [input];
}

/**
 * Owns the one subscription to the keyboard and hands each key to the
 * handlers of the screens on display. Ink's useInput subscribes in an effect
 * that runs some time after a frame is drawn, so a key typed just as a new
 * screen appears could reach the screen before it (a q meant for the lesson
 * left the list of modes). Screens register with useKeys as their frame is
 * committed instead, so a key always goes to the screen it was typed at.
 *
 * Keys read at once (3 ↓ ↓ typed in a burst) are handed over one at a time:
 * the next waits until the frame the one before led to is committed (React
 * renders an update some time after the key that asked for it), so ↓ ↓ reach
 * the list that 3 opened, not the menu it left. A run of plain characters,
 * which Ink passes on as one string, is split and handed back to Ink key by key.
 * onIdle is told when the last key read has been handed over and the frame it
 * led to committed: the screen has taken every key typed so far.
 */
export function KeysProvider({children, isActive, onIdle}: {children: ReactNode; isActive: boolean; onIdle?: () => void}) {
	const handlers = useRef(new Set<Entry>()).current;
	const {internal_eventEmitter: events} = useStdin();
	const state = useRef<{queue: Array<{input: string; key?: Key}>; waiting: boolean; replaying: boolean; timer?: NodeJS.Immediate}>({
		queue: [],
		waiting: false,
		replaying: false,
	}).current;
	// Set with every key handed over: its layout effect runs once the frame of that key is committed.
	const [, setHanded] = useState(0);
	const deliver = (input: string, key: Key) => {
		for (const handler of [...handlers]) handler.current(input, key);
	};

	const next = () => {
		state.timer = undefined;
		const pending = state.queue.shift();
		if (!pending) return;
		state.waiting = true;
		try {
			if (pending.key) {
				deliver(pending.input, pending.key);
			} else {
				// Ink reads the character as a key (Ctrl+C included) and gives it back to the handler below.
				state.replaying = true;
				try {
					events.emit('input', pending.input);
				} finally {
					state.replaying = false;
				}
			}
		} finally {
			// Even when a handler throws, the next key gets its turn.
			setHanded(count => count + 1);
		}
	};

	// After every commit of this provider (each key handed over leads to one): the next key's turn.
	useLayoutEffect(() => {
		if (!state.waiting) return;
		state.waiting = false;
		if (state.queue.length > 0) state.timer = setImmediate(next);
		else onIdle?.();
	});
	useEffect(
		() => () => {
			if (state.timer) clearImmediate(state.timer);
			state.timer = undefined;
			state.queue = [];
		},
		[state],
	);

	// What the terminal sent, before Ink reads it: a sequence Ink cannot name reaches useInput with its escape
	// stripped ("[1;2P" for Shift+F1), which must never be split into keys that act. Heard before useInput is.
	const raw = useRef('');
	useLayoutEffect(() => {
		const hear = (data: string | Buffer) => {
			raw.current = String(data);
		};

		events.prependListener('input', hear);
		return () => {
			events.removeListener('input', hear);
		};
	}, [events]);

	useInput(
		(input, key) => {
			// Ctrl+C belongs to the app (it quits); a screen must never read it as its own "c".
			if (key.ctrl && input === 'c') return;
			if (state.replaying) {
				deliver(input, key);
				return;
			}

			const keys = raw.current.includes('\u001B') ? [input] : splitKeys(input);
			state.queue.push(...(keys.length > 1 ? keys.map(one => ({input: one})) : [{input, key}]));
			if (!state.waiting && state.timer === undefined) next();
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
