import type {Key} from 'ink';
import {useState} from 'react';

export type Scroll = {
	/** The first line shown (0-based). */
	top: number;
	/** How many lines of the content are shown: the height, less a row for the cue when it scrolls. */
	page: number;
	/** Whether the content is taller than the height: the scrolling keys apply, and the cue shows. */
	scrolls: boolean;
	/** Where the learner is, and what is below ('lines 1–14 of 26 · ↓ 12 more'); undefined when it all fits. */
	cue: string | undefined;
	/** ↑ ↓ a line, PgUp PgDn Space a page, Home End: true when it took the key (only when it scrolls). */
	keys: (input: string, key: Key) => boolean;
};

/** The first line to show, kept where a whole page still fits. */
export function clampTop(top: number, total: number, page: number): number {
	return Math.max(0, Math.min(top, Math.max(0, total - page)));
}

/** The cue under a scrolled text: which lines are on screen, and how many more are below. */
export function scrollCue(top: number, page: number, total: number): string {
	const last = Math.min(total, top + page);
	const below = total - last;
	return `lines ${top + 1}–${last} of ${total} · ${below > 0 ? `↓ ${below} more` : 'the end'}`;
}

/**
 * Scrolls a content of `total` lines in `height` rows (the last of which
 * becomes the cue when it does not fit). When `reset` changes (a new
 * result, say), it starts again from the top.
 */
export function useScroll(total: number, height: number, reset?: unknown): Scroll {
	const [state, setState] = useState<{top: number; reset: unknown}>({top: 0, reset});
	const rows = Math.max(1, height);
	const scrolls = total > rows;
	const page = scrolls ? Math.max(1, rows - 1) : rows;
	const top = clampTop(Object.is(state.reset, reset) ? state.top : 0, total, page);
	return {
		top,
		page,
		scrolls,
		cue: scrolls ? scrollCue(top, page, total) : undefined,
		keys(input, key) {
			if (!scrolls) return false;
			let move: ((from: number) => number) | undefined;
			if (key.upArrow) move = from => from - 1;
			else if (key.downArrow) move = from => from + 1;
			else if (key.pageUp) move = from => from - page;
			else if (key.pageDown || input === ' ') move = from => from + page;
			else if (key.home) move = () => 0;
			else if (key.end) move = () => total;
			if (!move) return false;
			const by = move;
			// From the state as it is when the key is read: keys typed faster than frames each count.
			setState(previous => {
				const from = clampTop(Object.is(previous.reset, reset) ? previous.top : 0, total, page);
				return {top: clampTop(by(from), total, page), reset};
			});
			return true;
		},
	};
}
