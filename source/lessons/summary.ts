import {failures, outcomeCounts, type OutcomeCounts, type RunSnapshot} from '../engine/index.js';
import {ms} from '../shared/format.js';
import {judgeRun, type Judgement} from './judge.js';
import {type Figure, type Lesson} from './schema.js';
import {verdictFor} from './requires.js';
import {unreachable} from '../shared/unreachable.js';

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

/**
 * A figure from the learner's own run, in one sentence; undefined without a
 * run, or one that never reached the step. `which` names the run quoted: the
 * last one played through ("your run"), or the replay just watched.
 */
export function figureText(figure: Figure, run: RunRecord | undefined, which = 'your run'): string | undefined {
	const step = run?.steps[figure.step - 1];
	if (!step) return undefined;
	const at = `during step ${figure.step}`;
	const In = `In ${which},`;
	if (step.sent === 0 && figure.measure !== 'durationMs') {
		return `${In} step ${figure.step} took ${ms(step.durationMs)}: no request was sent during it.`;
	}

	switch (figure.measure) {
		case 'durationMs': {
			return `${In} step ${figure.step} took ${ms(step.durationMs)}, and ${plural(step.sent, 'request', 'requests')} arrived during it.`;
		}

		case 'sent': {
			return `${In} ${plural(step.sent, 'request', 'requests')} arrived ${at}.`;
		}

		case 'old':
		case 'new': {
			// An answer counts under the step its connection reached a server in: mostly, though not always, one sent in it.
			return `${In} the ${figure.measure} version answered ${plural(step[figure.measure], 'request', 'requests')} ${at}, in which ${step.sent} ${step.sent === 1 ? 'was' : 'were'} sent.`;
		}

		case 'timeout': {
			// A timeout counts, as an answer would have, under the step its connection reached a server in.
			return `${In} ${plural(step.timeout, 'request', 'requests')} timed out ${at}, in which ${step.sent} ${step.sent === 1 ? 'was' : 'were'} sent.`;
		}

		case 'refused':
		case 'reset': {
			// A refusal or a reset counts under the step during which it happened, whenever its request was sent.
			const n = step[figure.measure];
			const verb = figure.measure === 'refused' ? 'refused' : 'reset';
			return `${In} ${plural(n, 'request was', 'requests were')} ${verb} ${at}, in which ${step.sent} ${step.sent === 1 ? 'was' : 'were'} sent.`;
		}

		default: {
			return unreachable(figure.measure, 'figure');
		}
	}
}

/**
 * A figure, from the replay the learner just watched when it reached the
 * step (and said to be so), else from the last run played through.
 */
export function quotedFigure(figure: Figure, watched: RunSnapshot | undefined, lastRun: RunRecord | undefined): string | undefined {
	const step = watched?.steps[figure.step - 1];
	if (!watched || !step) return figureText(figure, lastRun);
	const which = `the replay you just watched${step.endedAt === undefined ? ` (step ${figure.step} was still on when you left it: counted until then)` : ''}`;
	return figureText(figure, recordRun(watched, true), which);
}
