import {useCallback, useEffect, useLayoutEffect, useReducer, useRef, useState} from 'react';
import type {Lab, RunSnapshot} from '../../engine/index.js';
import {cannotStart} from '../../lessons/play.js';
import {type Lesson} from '../../lessons/schema.js';
import {lessonLoad} from '../../lessons/settings.js';
import {initialRunState, runReducer} from '../state/run-state.js';
import {useSnapshot} from './use-snapshot.js';

type Options = {
	lab: Lab;
	lesson: Lesson;
	/** Auto-play at real speed up to this step index, then hand over to the learner. */
	stopAt?: number;
	/** Nothing moves while true (the terminal is too small to show it): auto-play waits. */
	paused: boolean;
	onStep?: (index: number) => void;
	onFinished?: (snapshot: RunSnapshot, auto: boolean) => void;
};

/**
 * A lesson's deploy on fresh servers, for as long as the screen shows it:
 * the run (ended when the screen goes), its live snapshot, and the state of
 * the learner's way through it (runReducer). Its effects perform the step
 * the state asks for, auto-play at the lesson's pace, and finish the run at
 * the summary; a screen only dispatches intents.
 */
export function useLessonRun({lab, lesson, stopAt, paused, onStep, onFinished}: Options) {
	const [run] = useState(() => lab.begin(lessonLoad(lesson)));
	useEffect(
		() => () => {
			lab.end(run);
		},
		[lab, run],
	);
	const snapshot = useSnapshot(run);
	// The first server could not listen (the port taken since start-up): the lesson stops there, not recorded as done.
	const failedStart = cannotStart(snapshot.steps[0]?.result, run.options.port);
	const [nav, dispatch] = useReducer(runReducer, undefined, () => initialRunState(lesson.steps.length, stopAt !== undefined));
	/** Steps whose window the learner ended with a key press: their length is reading time. */
	const [handSteps, setHandSteps] = useState<ReadonlySet<number>>(new Set());
	const byHand = handSteps.size > 0;
	// What the effects report to, as it is now: reporting never re-runs a step.
	const report = useRef({onStep, onFinished, byHand});
	useLayoutEffect(() => {
		report.current = {onStep, onFinished, byHand};
	});

	// Perform the step the navigation asks for, on the real servers.
	useEffect(() => {
		if (!nav.busy) return;
		let current = true;
		report.current.onStep?.(nav.performed);
		const step = lesson.steps[nav.performed]!;
		void run.perform(nav.performed, step).then(() => {
			if (current) dispatch({type: 'step-done', backToBack: step.autoplayPauseMs === 0});
		});
		return () => {
			current = false;
		};
	}, [run, lesson, nav.busy, nav.performed]);

	// Auto-play: the next step after this one's pause, at real speed.
	useEffect(() => {
		if (!nav.auto || nav.busy || nav.summary || paused) return;
		if (failedStart) {
			dispatch({type: 'stop-auto'});
			return;
		}

		if (stopAt !== undefined && nav.performed >= stopAt) {
			dispatch({type: 'stop-auto', at: stopAt});
			return;
		}

		const timer = setTimeout(() => {
			dispatch({type: 'advance'});
		}, lesson.steps[nav.performed]!.autoplayPauseMs);
		return () => {
			clearTimeout(timer);
		};
	}, [lesson, stopAt, nav.auto, nav.busy, nav.summary, nav.performed, failedStart, paused]);

	// The end: stop the load, let the last requests finish, report the run.
	useEffect(() => {
		if (!nav.summary) return;
		let current = true;
		void run.finish().then(final => {
			if (current) report.current.onFinished?.(final, !report.current.byHand);
		});
		return () => {
			current = false;
		};
	}, [run, nav.summary]);

	/** The learner ended this step's window with a key: its length is their reading time. */
	const endedByHand = useCallback((index: number) => {
		setHandSteps(previous => new Set([...previous, index]));
	}, []);

	return {run, snapshot, failedStart, nav, dispatch, handSteps, endedByHand};
}
