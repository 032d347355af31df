import type {VerifyLive} from '../../engine/index.js';
import type {VerifyReport} from '../../verify/report.js';
import {unreachable} from '../../shared/unreachable.js';

/** How a check ended: measured (passed or not), or it could not run (the file does not start, say). */
export type Outcome = {report: VerifyReport; passed: boolean} | {failure: string};

/**
 * The exercise screen's watch loop. Pure: the file watcher, the editor, the
 * keys and the checks only send it events. Each check has a number (round);
 * a new round stops the one before, and what an older round reports is dropped.
 */
export type PracticeState = {
	/** The check under way, or the last one: a new round starts a new check. */
	round: number;
	/** The check's live figures while it runs. */
	live: VerifyLive | undefined;
	/** The check's result, once it ended. */
	outcome: Outcome | undefined;
	/** The first measured check of this sitting (the starter, usually): shown beside a pass. */
	first: VerifyReport | undefined;
	hints: number;
	/** What the editor's exit said, when it did not exit cleanly. */
	editorNote: string | undefined;
	/** Saves seen before this moment start no check: those the editor made while it had the terminal. */
	quietUntil: number;
};

export type PracticeEvent =
	/** A save of the file (a file event or the poll), already debounced; `at` is performance.now(). */
	| {type: 'saved'; at: number}
	/** The learner asked for a check (r). */
	| {type: 'check'}
	/** The learner asked for the next hint (h), of `of`. */
	| {type: 'hint'; of: number}
	/** The editor gave the terminal back; the saves it made are covered by one check. */
	| {type: 'editor-exited'; at: number; note: string | undefined}
	| {type: 'progress'; round: number; live: VerifyLive}
	| {type: 'checked'; round: number; outcome: Outcome};

/** Saves queued while the editor had the terminal arrive this long after it exits, at most. */
export const editorQuietMs = 1500;

export const initialPractice: PracticeState = {
	round: 0,
	live: undefined,
	outcome: undefined,
	first: undefined,
	hints: 0,
	editorNote: undefined,
	quietUntil: 0,
};

const nextRound = (state: PracticeState): PracticeState => ({...state, round: state.round + 1, live: undefined, outcome: undefined});

export function practiceStep(state: PracticeState, event: PracticeEvent): PracticeState {
	switch (event.type) {
		case 'saved': {
			return event.at < state.quietUntil ? state : nextRound(state);
		}

		case 'check': {
			return nextRound(state);
		}

		case 'hint': {
			return {...state, hints: Math.min(event.of, state.hints + 1)};
		}

		case 'editor-exited': {
			return {...nextRound(state), editorNote: event.note, quietUntil: event.at + editorQuietMs};
		}

		case 'progress': {
			return event.round === state.round && !state.outcome ? {...state, live: event.live} : state;
		}

		case 'checked': {
			if (event.round !== state.round) return state;
			const report = 'report' in event.outcome ? event.outcome.report : undefined;
			return {...state, outcome: event.outcome, first: state.first ?? report};
		}

		default: {
			return unreachable(event, 'practice event');
		}
	}
}
