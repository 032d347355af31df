import {statSync, watch} from 'node:fs';
import path from 'node:path';

/** A burst of file events (an editor's write, then its rename) is one save once this long has passed with none. */
export const saveSettleMs = 300;

export type WatchTiming = {
	pollMs: number;
	settleMs: number;
	/** Told after each poll has looked at the file (what a test waits for). */
	polled?: () => void;
};

/**
 * Calls onSave once per save of the file: file events where the system has
 * them (an editor's atomic rename included), and a poll every second for
 * saves that raise none (some network and container file systems), each
 * burst settled into one call. A save is a new version of the file (its
 * time, size and inode): the poll's late sight of a save the file events
 * told already is not another. Returns the function that stops watching.
 */
export function watchSaves(file: string, onSave: () => void, timing: WatchTiming = {pollMs: 1000, settleMs: saveSettleMs}): () => void {
	const version = () => {
		try {
			const {mtimeMs, size, ino} = statSync(file);
			return `${mtimeMs}:${size}:${ino}`;
		} catch {
			// Between an editor's delete and its rename: the next event tells.
			return undefined;
		}
	};

	let last = version();
	let timer: NodeJS.Timeout | undefined;
	const settled = () => {
		timer = undefined;
		const now = version();
		if (now === undefined || now === last) return;
		last = now;
		onSave();
	};

	const changed = () => {
		clearTimeout(timer);
		timer = setTimeout(settled, timing.settleMs);
	};

	// The folder, not the file: an editor that saves by rename replaces the file a watch would hold.
	let events: ReturnType<typeof watch> | undefined;
	try {
		events = watch(path.dirname(file), (_event, name) => {
			if (name === null || name === path.basename(file)) changed();
		});
		events.on('error', () => {
			events?.close();
		});
	} catch {
		// The poll below covers it.
		events = undefined;
	}

	const poll = setInterval(() => {
		const now = version();
		if (timer === undefined && now !== undefined && now !== last) changed();
		timing.polled?.();
	}, timing.pollMs);
	poll.unref();
	return () => {
		clearTimeout(timer);
		clearInterval(poll);
		events?.close();
	};
}
