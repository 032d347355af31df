import {failures, type Snapshot} from '../engine/index.js';
import type {Lesson} from './schema.js';

export type RunSummary = {
	sent: number;
	old: number;
	new: number;
	refused: number;
	reset: number;
	timeout: number;
	other: number;
	failed: number;
	gapMs?: number;
	p50: number;
	p99: number;
	max: number;
	/** Whether this run, as measured, dropped nothing. */
	measuredZero: boolean;
	/** Whether the measurement agrees with the lesson's verdict. */
	agrees: boolean;
};

export function summarize(snapshot: Snapshot, lesson: Lesson): RunSummary {
	const t = snapshot.totals;
	const failed = failures(t);
	return {
		sent: t.sent,
		old: t.old,
		new: t.new,
		refused: t.refused,
		reset: t.reset,
		timeout: t.timeout,
		other: t.other,
		failed,
		gapMs: snapshot.gapMs,
		p50: snapshot.latency.p50,
		p99: snapshot.latency.p99,
		max: snapshot.latency.max,
		measuredZero: failed === 0,
		agrees: (failed === 0) === lesson.verdict.zeroDowntime,
	};
}
