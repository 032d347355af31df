import type {ModeId} from '../../lessons/modes.js';

/** Which screen of the lessons app is on (App holds it). */
export type Screen =
	/** from: the lesson the learner came back from. */
	| {name: 'lessons'; from?: string}
	| {name: 'modes'; lesson: string}
	/** Check your own server: the learner's app, deployed and measured (zdd-learn verify). */
	| {name: 'verify'}
	/** The exercises, and one of them open (its file written to ./zdd-learn-exercises/<id>/). */
	/** lesson: only that lesson's exercises, opened from its ways to learn (q goes back there). */
	| {name: 'exercises'; lesson?: string}
	| {name: 'practice'; exercise: string; lesson?: string}
	/** stopAt: auto-play to this step, then hand over (resuming where the learner was). */
	| {name: 'mode'; lesson: string; mode: ModeId; stopAt?: number};
