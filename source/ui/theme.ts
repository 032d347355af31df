import type {Outcome, ServerState} from '../engine/index.js';
import type {StepStatus, Verdict} from '../lessons/compare.js';

/** Every state has a symbol and a word: colour only repeats what they say. */
export const stateStyle: Record<ServerState, {symbol: string; color?: string}> = {
	'not-started': {symbol: '·', color: 'gray'},
	listening: {symbol: '●', color: 'green'},
	error: {symbol: '✖', color: 'red'},
	closing: {symbol: '◐', color: 'yellow'},
	closed: {symbol: '○', color: 'yellow'},
	stopped: {symbol: '■', color: 'gray'},
};

export const verdictStyle: Record<Verdict, {symbol: string; word: string; color?: string}> = {
	match: {symbol: '✔', word: 'same', color: 'green'},
	differs: {symbol: '✖', word: 'differs', color: 'red'},
	pending: {symbol: '·', word: 'waiting', color: 'gray'},
};

/** A step's status (see judgeStep): a symbol and a word, colour only repeating them. */
export const statusStyle: Record<StepStatus, {symbol: string; word: string; color?: string}> = {
	match: {symbol: '✔', word: 'as expected', color: 'green'},
	// The lesson foretold these failures, and they happened: a ✔, in the colour of a failure.
	predicted: {symbol: '✔', word: 'as predicted', color: 'red'},
	differs: {symbol: '✖', word: 'differs', color: 'red'},
	unmeasured: {symbol: '·', word: 'nothing measured', color: 'gray'},
	live: {symbol: '⋯', word: 'under way', color: 'yellow'},
	'not-yet': {symbol: '○', word: 'not yet', color: 'gray'},
};

/** A measured result's colour: green when none failed, red when some did (its ✔ or ✖ says the same). */
export function measuredColor(zero: boolean): string {
	return zero ? 'green' : 'red';
}

/** How each outcome is marked and named on screen (a served one by its version's name). */
export const outcomeStyle: Record<Outcome, {symbol: string; word: string}> = {
	old: {symbol: '✔', word: 'old'},
	new: {symbol: '✔', word: 'new'},
	refused: {symbol: '✖', word: 'refused'},
	reset: {symbol: '✖', word: 'reset'},
	status5xx: {symbol: '✖', word: '5xx'},
	other: {symbol: '✖', word: 'other'},
	timeout: {symbol: '⏱', word: 'timeout'},
};

/** An outcome count's colour: green for answers, red for a failure once any happened. */
export function outcomeColor(outcome: Outcome, n: number): string | undefined {
	if (outcome === 'old' || outcome === 'new') return 'green';
	return n > 0 ? 'red' : undefined;
}
