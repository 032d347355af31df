import {failures, outcomeCounts, type OutcomeCounts, type RunSnapshot} from '../engine/index.js';
import {ms} from './format.js';
import {judgeRun, type Judgement} from './judge.js';
import {verdictFor, type Figure, type Lesson} from './schema.js';

export type RunSummary = OutcomeCounts & {
	failed: number;
	gapMs?: number;
	p50: number;
	p99: number;
	max: number;
	/** Whether this run, as measured, dropped nothing. */
	measuredZero: boolean;
	/** The measured result, the lesson's claim beside it, and whether they agree. */
	judgement: Judgement;
};

/** What the progress file keeps of the learner's last run of a lesson, for the quiz to quote. */
export type RunRecord = {
	at: string;
	/** Per step, what the requests sent in it became, and how long its action took. */
	steps: Array<OutcomeCounts & {durationMs: number}>;
	sent: number;
	failed: number;
	gapMs?: number | undefined;
	auto: boolean;
};

export function summarize(snapshot: RunSnapshot, lesson: Lesson): RunSummary {
	const t = snapshot.totals;
	const failed = failures(t);
	return {
		...outcomeCounts(t),
		failed,
		gapMs: snapshot.gapMs,
		p50: snapshot.latency.p50,
		p99: snapshot.latency.p99,
		max: snapshot.latency.max,
		measuredZero: failed === 0,
		judgement: judgeRun(t, snapshot.schedule, verdictFor(lesson), snapshot.targetRate),
	};
}

/** What the progress file keeps of a finished run, for the quiz to quote. */
export function recordRun(snapshot: RunSnapshot, auto: boolean): RunRecord {
	return {
		at: new Date().toISOString(),
		steps: snapshot.steps.map(step => ({...outcomeCounts(step.counts), durationMs: Math.round(step.result?.durationMs ?? 0)})),
		sent: snapshot.totals.sent,
		failed: failures(snapshot.totals),
		gapMs: snapshot.gapMs === undefined ? undefined : Math.round(snapshot.gapMs),
		auto,
	};
}

function plural(n: number, one: string, many: string): string {
	return `${n} ${n === 1 ? one : many}`;
}

/** A figure from the learner's own run, in one sentence; undefined without a run. */
export function figureText(figure: Figure, run: RunRecord | undefined): string | undefined {
	const step = run?.steps[figure.step - 1];
	if (!step) return undefined;
	const at = `during step ${figure.step}`;
	if (step.sent === 0 && figure.measure !== 'durationMs') {
		return `In your run, step ${figure.step} took ${ms(step.durationMs)}: no request was sent during it.`;
	}

	switch (figure.measure) {
		case 'durationMs': {
			return `In your run, step ${figure.step} took ${ms(step.durationMs)}, and ${plural(step.sent, 'request', 'requests')} arrived during it.`;
		}

		case 'sent': {
			return `In your run, ${plural(step.sent, 'request', 'requests')} arrived ${at}.`;
		}

		case 'old':
		case 'new': {
			return `In your run, the ${figure.measure} version answered ${step[figure.measure]} of the ${step.sent} requests sent ${at}.`;
		}

		case 'refused':
		case 'reset':
		case 'timeout': {
			const verb = {refused: 'were refused', reset: 'were reset', timeout: 'timed out'}[figure.measure];
			return `In your run, ${step[figure.measure]} of the ${step.sent} requests sent ${at} ${verb}.`;
		}
	}
}
