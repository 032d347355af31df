import {unreachable} from '../../shared/unreachable.js';

/**
 * Where the learner is in a lesson run. Pure: useLessonRun performs the
 * step the state asks for and reports back with 'step-done'.
 */
export type RunState = {
	stepCount: number;
	/** Index of the last step started on the servers. */
	performed: number;
	/** Index of the step on screen (≤ performed: earlier ones are recordings). */
	viewing: number;
	/** The engine is performing step `performed`. */
	busy: boolean;
	auto: boolean;
	help: boolean;
	/** The run is over and the summary is on screen. */
	summary: boolean;
	/** Bottom pane: the explanation of the step, or the code. */
	pane: 'explain' | 'code';
};

export type RunAction =
	| {type: 'next'}
	| {type: 'advance'}
	| {type: 'back'}
	/** backToBack: the real code runs the next step right after this one, with no pause between. */
	| {type: 'step-done'; backToBack?: boolean}
	| {type: 'toggle-auto'}
	/** at: the step to show when it stops (a replay to a key moment). */
	| {type: 'stop-auto'; at?: number}
	| {type: 'toggle-help'}
	| {type: 'close-help'}
	| {type: 'toggle-pane'};

/** A run starts by performing its first step. */
export function initialRunState(stepCount: number, auto = false): RunState {
	return {
		stepCount,
		performed: 0,
		viewing: 0,
		busy: true,
		auto,
		help: false,
		summary: false,
		pane: 'explain',
	};
}

export function runReducer(state: RunState, action: RunAction): RunState {
	switch (action.type) {
		case 'next': {
			if (state.help || state.summary) return state;
			if (state.viewing < state.performed) return {...state, viewing: state.viewing + 1};
			return runReducer(state, {type: 'advance'});
		}

		case 'advance': {
			if (state.busy || state.summary) return state;
			const live = state.viewing === state.performed;
			if (state.performed >= state.stepCount - 1) {
				return {...state, summary: true, auto: false, viewing: state.performed};
			}

			const performed = state.performed + 1;
			return {...state, performed, busy: true, viewing: live ? performed : state.viewing};
		}

		case 'back': {
			if (state.help) return state;
			if (state.summary) return {...state, summary: false, viewing: state.performed};
			return {...state, viewing: Math.max(0, state.viewing - 1)};
		}

		case 'step-done': {
			if (!state.busy) return state;
			// Steps the real code runs back to back run back to back, whoever is stepping: a learner
			// reading a step must not open a gap the code would not have. They review them afterwards.
			if (action.backToBack && state.performed < state.stepCount - 1) {
				const performed = state.performed + 1;
				return {...state, performed, viewing: state.auto ? performed : state.viewing};
			}

			return {...state, busy: false};
		}

		case 'toggle-auto': {
			if (state.summary) return state;
			const auto = !state.auto;
			return {...state, auto, viewing: auto ? state.performed : state.viewing};
		}

		case 'stop-auto': {
			return state.auto
				? {...state, auto: false, viewing: action.at === undefined ? state.viewing : Math.min(action.at, state.performed)}
				: state;
		}

		case 'toggle-help': {
			return {...state, help: !state.help};
		}

		case 'close-help': {
			return state.help ? {...state, help: false} : state;
		}

		case 'toggle-pane': {
			return {...state, pane: state.pane === 'explain' ? 'code' : 'explain'};
		}

		default: {
			return unreachable(action, 'action');
		}
	}
}
