import {describe, expect, it} from 'vitest';
import {initialRunState, runReducer, type RunAction, type RunState} from '../source/ui/state/run-state.js';

function apply(state: RunState, ...actions: RunAction['type'][]): RunState {
	return actions.reduce((s, type) => runReducer(s, {type} as RunAction), state);
}

describe('lesson navigation', () => {
	it('starts by performing the first step', () => {
		const state = initialRunState(8);
		expect(state).toMatchObject({performed: 0, viewing: 0, busy: true, summary: false});
	});

	it('waits for a step to finish before performing the next', () => {
		const busy = initialRunState(8);
		expect(apply(busy, 'next')).toEqual(busy);
		const next = apply(busy, 'step-done', 'next');
		expect(next).toMatchObject({performed: 1, viewing: 1, busy: true});
	});

	it('back shows earlier steps without undoing them; next walks forward through the recordings first', () => {
		const atThree = apply(initialRunState(8), 'step-done', 'next', 'step-done', 'next', 'step-done');
		expect(atThree).toMatchObject({performed: 2, viewing: 2});
		const back = apply(atThree, 'back', 'back', 'back');
		expect(back).toMatchObject({performed: 2, viewing: 0, busy: false});
		const forward = apply(back, 'next');
		expect(forward).toMatchObject({performed: 2, viewing: 1, busy: false});
		expect(apply(forward, 'next', 'next')).toMatchObject({performed: 3, viewing: 3, busy: true});
	});

	it('after the last step, next shows the summary; back returns to the steps', () => {
		let state = initialRunState(2);
		state = apply(state, 'step-done', 'next', 'step-done');
		expect(state.performed).toBe(1);
		state = apply(state, 'next');
		expect(state.summary).toBe(true);
		expect(apply(state, 'next')).toEqual(state);
		expect(apply(state, 'back')).toMatchObject({summary: false, viewing: 1});
	});

	it('auto-play advances while the learner looks at a recording, without moving their view', () => {
		let state = apply(initialRunState(8), 'step-done', 'next', 'step-done', 'back');
		expect(state).toMatchObject({performed: 1, viewing: 0});
		state = apply(state, 'advance');
		expect(state).toMatchObject({performed: 2, viewing: 0, busy: true});
	});

	it('turning auto-play on jumps to the live step; reaching the summary turns it off', () => {
		let state = apply(initialRunState(2), 'step-done', 'back', 'toggle-auto');
		expect(state).toMatchObject({auto: true, viewing: 0});
		state = apply(state, 'advance', 'step-done', 'advance');
		expect(state).toMatchObject({summary: true, auto: false});
	});

	it('steps the real code runs back to back are performed back to back, stepping by hand or not', () => {
		// Step 2 has no pause after it: when it is done, step 3 starts at once; the view stays on step 2.
		let state = apply(initialRunState(5), 'step-done', 'next');
		expect(state).toMatchObject({performed: 1, viewing: 1, busy: true});
		state = runReducer(state, {type: 'step-done', backToBack: true});
		expect(state).toMatchObject({performed: 2, viewing: 1, busy: true});
		state = runReducer(state, {type: 'step-done', backToBack: false});
		expect(state).toMatchObject({performed: 2, viewing: 1, busy: false});
		// → walks through the recording first, then performs step 4.
		expect(apply(state, 'next')).toMatchObject({performed: 2, viewing: 2, busy: false});
		expect(apply(state, 'next', 'next')).toMatchObject({performed: 3, viewing: 3, busy: true});
		// Auto-play follows the live step; the last step never chains past the end.
		const auto = runReducer({...apply(initialRunState(2), 'step-done', 'toggle-auto', 'advance')}, {type: 'step-done', backToBack: true});
		expect(auto).toMatchObject({performed: 1, busy: false});
	});

	it('a replay stops at its step even when back-to-back steps ran past it', () => {
		const state = {...initialRunState(8), auto: true, performed: 5, viewing: 5, busy: false};
		expect(runReducer(state, {type: 'stop-auto', at: 4})).toMatchObject({auto: false, viewing: 4, performed: 5});
	});

	it('help swallows navigation until closed', () => {
		const state = apply(initialRunState(8), 'step-done', 'toggle-help');
		expect(apply(state, 'next')).toEqual(state);
		expect(apply(state, 'back')).toEqual(state);
		expect(apply(state, 'close-help', 'next')).toMatchObject({help: false, performed: 1});
	});

	it('the pane switches between explanation and code', () => {
		const state = initialRunState(8);
		expect(apply(state, 'toggle-pane').pane).toBe('code');
		expect(apply(state, 'toggle-pane', 'toggle-pane').pane).toBe('explain');
	});
});
