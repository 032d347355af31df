import {useState, type ReactElement} from 'react';
import type {Lab, RunSnapshot} from '../../engine/index.js';
import type {Lesson} from '../../lessons/schema.js';
import type {Size} from '../hooks/use-terminal-size.js';
import Compare from './Compare.js';
import DeployScreen from './DeployScreen.js';
import {minSize, TooSmall} from './TooSmall.js';
import {useKeys} from '../hooks/keys.js';

/**
 * A look elsewhere that a screen offers: the deploy replayed on fresh
 * servers up to a step (a key moment's, a quiz hint's), or the lesson run
 * beside one of its other ways. The screen that offers it shows it in its
 * own place and is there again, as it was, on q.
 */
export type Detour = {kind: 'replay'; step: number; moment?: number; keepAlive?: boolean} | {kind: 'compare'; contrast: string};

type Props = {
	detour: Detour;
	lab: Lab;
	lesson: Lesson;
	knownIds: ReadonlySet<string>;
	size: Size;
	inputActive: boolean;
	/** The footer's word for q: where it goes back to. */
	leaveLabel: string;
	/** Back, with the replay as it stood when the learner left it (none after a comparison). */
	onLeave: (watched?: RunSnapshot) => void;
};

type Place = Omit<Props, 'detour' | 'onLeave'> & {onWatched?: (watched: RunSnapshot) => void};

/**
 * The one replay mechanism, for a screen that offers detours: `open` starts
 * one; while it is on, `shown` is what to draw instead of the screen (whose
 * own keys wait), and q comes back to the screen as it was.
 */
export function useDetour({onWatched, ...place}: Place): {open: (detour: Detour) => void; shown: ReactElement | undefined} {
	const [detour, setDetour] = useState<Detour | undefined>();
	return {
		open: setDetour,
		shown: detour && (
			<DetourScreen
				{...place}
				detour={detour}
				onLeave={watched => {
					setDetour(undefined);
					if (watched) onWatched?.(watched);
				}}
			/>
		),
	};
}

/** A detour on screen (see useDetour). */
export default function DetourScreen({detour, lab, lesson, knownIds, size, inputActive, leaveLabel, onLeave}: Props) {
	if (detour.kind === 'replay') {
		return (
			<DeployScreen
				lab={lab}
				// A hint that speaks of a run with keep-alive replays with keep-alive clients.
				lesson={detour.keepAlive ? {...lesson, load: {...lesson.load, keepAlive: true}} : lesson}
				mode="guided"
				knownIds={knownIds}
				size={size}
				inputActive={inputActive}
				stopAt={detour.step - 1}
				moment={detour.moment}
				leaveLabel={leaveLabel}
				onLeave={onLeave}
			/>
		);
	}

	if (size.columns < minSize.columns || size.rows < minSize.rows) {
		return <TooSmallKeys size={size} inputActive={inputActive} onLeave={onLeave} />;
	}

	return (
		<Compare
			lab={lab}
			lesson={lesson}
			contrasts={[detour.contrast]}
			size={size}
			inputActive={inputActive}
			leaveLabel={leaveLabel}
			onLeave={onLeave}
		/>
	);
}

/** The "too small" message of a screen that has no keys of its own behind it: q and Esc go back. */
export function TooSmallKeys({size, onLeave, inputActive}: {size: Size; onLeave: () => void; inputActive: boolean}) {
	useKeys(
		(input, key) => {
			if (input === 'q' || key.escape) onLeave();
		},
		{isActive: inputActive},
	);
	return <TooSmall size={size} min={minSize} action="q goes back" />;
}
