import type {ServerState} from '../engine/index.js';
import type {StepMark, Verdict} from '../lessons/compare.js';

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

/** A step's mark (see judgeStep): a symbol and a word, colour only repeating them. */
export const markStyle: Record<StepMark, {symbol: string; word: string; color?: string}> = {
	match: {symbol: '✔', word: 'as expected', color: 'green'},
	differs: {symbol: '✖', word: 'differs', color: 'red'},
	unmeasured: {symbol: '·', word: 'nothing measured', color: 'gray'},
	live: {symbol: '⋯', word: 'under way', color: 'yellow'},
	'not-yet': {symbol: '○', word: 'not yet', color: 'gray'},
};

/** A measured result's colour: green when none failed, red when some did (its ✔ or ✖ says the same). */
export function measuredColor(zero: boolean): string {
	return zero ? 'green' : 'red';
}

/** How each kind of failure is marked and named on screen. */
export const failureStyle = {
	refused: {symbol: '✖', word: 'refused'},
	reset: {symbol: '✖', word: 'reset'},
	status5xx: {symbol: '✖', word: '5xx'},
	other: {symbol: '✖', word: 'other'},
	timeout: {symbol: '⏱', word: 'timeout'},
} as const;

export type FailureKind = keyof typeof failureStyle;

/** A failure count's colour: red once any happened. */
export function failureColor(n: number): string | undefined {
	return n > 0 ? 'red' : undefined;
}
