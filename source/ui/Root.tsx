import {useApp, useInput, useStdin} from 'ink';
import {createContext, useContext, type ReactNode} from 'react';
import {KeysProvider} from './hooks/keys.js';

/** Why the app ended: the learner left (q), or interrupted it (Ctrl+C, exit code 130). */
export type ExitReason = 'quit' | 'interrupt';

const ExitContext = createContext<((reason: ExitReason) => void) | undefined>(undefined);

/**
 * The one place that exits, around every app zdd-learn draws (the lessons,
 * the race). Ctrl+C ends it from any screen; a screen that is done asks
 * with useExit. It also holds the KeysProvider, through which every screen
 * reads its keys (Ctrl+C alone is read here), only where there is a
 * raw-mode terminal.
 * Whoever rendered it reads the reason from Ink's waitUntilExit.
 */
export function LifecycleRoot({children, onKeysIdle}: {children: ReactNode; /** See KeysProvider's onIdle. */ onKeysIdle?: () => void}) {
	const {exit} = useApp();
	const {isRawModeSupported} = useStdin();
	const inputActive = isRawModeSupported === true;
	useInput(
		(input, key) => {
			if (key.ctrl && input === 'c') exit('interrupt' satisfies ExitReason);
		},
		{isActive: inputActive},
	);
	return (
		<ExitContext.Provider value={exit}>
			<KeysProvider isActive={inputActive} onIdle={onKeysIdle}>
				{children}
			</KeysProvider>
		</ExitContext.Provider>
	);
}

/** Ends the app with a reason (see LifecycleRoot). */
export function useExit(): (reason: ExitReason) => void {
	const exit = useContext(ExitContext);
	if (!exit) throw new Error('useExit needs a LifecycleRoot above it');
	return exit;
}

/** Whether keys can be read (a raw-mode terminal): screens pass it on as inputActive. */
export function useInputActive(): boolean {
	return useStdin().isRawModeSupported === true;
}
