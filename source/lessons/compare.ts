import {failures, type Counts, type ServerState, type StepSnapshot} from '../engine/index.js';
import type {Handling, LessonStep} from './schema.js';

/** ✔ as expected, ✖ differs, · nothing to compare yet. */
export type Verdict = 'match' | 'differs' | 'pending';

export type ComparedField = {
	field: 'old' | 'new' | 'handling';
	expected: string;
	measured: string;
	verdict: Verdict;
	/** Why they differ, in plain words built from the measured numbers. */
	why?: string;
};

export const stateLabel: Record<ServerState, string> = {
	'not-started': 'not started',
	listening: 'listening',
	error: 'error',
	closing: 'closing',
	closed: 'closed',
	stopped: 'stopped',
};

/** A state in a sentence: "the new server is in error". */
const stateWords: Record<ServerState, string> = {...stateLabel, error: 'in error'};

const handlingLabel: Record<Handling, string> = {
	none: 'no requests handled',
	old: 'handled by old',
	new: 'handled by new',
	both: 'handled by both',
	'old-or-both': 'handled by old (and new, if it gets some)',
};

/** Who answered the requests that arrived during a step, in words. */
export function describeHandling(counts: Counts): string {
	const parts: string[] = [];
	if (counts.old > 0) parts.push(`${counts.old} by old`);
	if (counts.new > 0) parts.push(`${counts.new} by new`);
	if (counts.refused > 0) parts.push(`${counts.refused} refused`);
	if (counts.reset > 0) parts.push(`${counts.reset} reset`);
	if (counts.timeout > 0) parts.push(`${counts.timeout} timed out`);
	if (counts.status5xx > 0) parts.push(`${counts.status5xx} 5xx`);
	if (counts.other > 0) parts.push(`${counts.other} other errors`);
	if (counts.inFlight > 0) parts.push(`${counts.inFlight} in flight`);
	return parts.length === 0 ? 'no requests arrived' : parts.join(', ');
}

function failureWhy(counts: Counts): string {
	const reasons: string[] = [];
	if (counts.refused > 0) reasons.push(`${counts.refused} refused: no listener`);
	if (counts.reset > 0) reasons.push(`${counts.reset} reset: connected, then cut`);
	if (counts.timeout > 0) reasons.push(`${counts.timeout} timed out`);
	if (counts.status5xx > 0) reasons.push(`${counts.status5xx} answered 5xx (a proxy's 502, or the app's own error)`);
	if (counts.other > 0) reasons.push(`${counts.other} failed otherwise`);
	return reasons.join(', ');
}

function compareHandling(expected: Handling, counts: Counts): ComparedField {
	const base = {field: 'handling' as const, expected: handlingLabel[expected], measured: describeHandling(counts)};
	// Outcomes measured in this step (failures count where they happened, so a step may have some it did not send).
	const finished = counts.old + counts.new + failures(counts);
	if (finished === 0) return {...base, verdict: 'pending'};
	const failed = failures(counts);
	if (expected === 'none') {
		if (counts.old + counts.new > 0) {
			return {...base, verdict: 'differs', why: 'requests were still answered during this step'};
		}

		return {
			...base,
			verdict: 'differs',
			why: `"no requests handled" means ${failureWhy(counts)}`,
		};
	}

	if (failed > 0) return {...base, verdict: 'differs', why: failureWhy(counts)};
	const wrongServer =
		(expected === 'old' && counts.new > 0) ||
		(expected === 'new' && counts.old > 0) ||
		(expected === 'both' && (counts.old === 0 || counts.new === 0)) ||
		(expected === 'old-or-both' && counts.old === 0);
	if (wrongServer) return {...base, verdict: 'differs', why: 'a different version answered than the lesson expects'};
	return {...base, verdict: 'match'};
}

function compareState(field: 'old' | 'new', expected: ServerState, measured: ServerState): ComparedField {
	return {
		field,
		expected: stateLabel[expected],
		measured: stateLabel[measured],
		verdict: expected === measured ? 'match' : 'differs',
		why: expected === measured ? undefined : `the ${field} server is ${stateWords[measured]}, not ${stateWords[expected]}`,
	};
}

/**
 * A step's mark, the same in every view: ✔ as expected, ✖ differs, · nothing
 * measured (nothing finished in it), ⋯ still under way (its counts are not
 * final until the next step has begun and every request sent in it has its
 * outcome), ○ not performed yet.
 */
export type StepMark = 'match' | 'differs' | 'unmeasured' | 'live' | 'not-yet';

export type JudgedStep = {mark: StepMark; fields: ComparedField[]};

/**
 * The one answer to "did this step go as the lesson expects", from measured
 * data only. The step list, the execution table, the tracker, the step detail,
 * the summary's marks, the plain run and the tests all call it.
 */
export function judgeStep(step: LessonStep, measured: StepSnapshot | undefined, busy = false): JudgedStep {
	if (!measured) return {mark: busy ? 'live' : 'not-yet', fields: []};
	const fields = compareStep(step, measured);
	// Final once the step has ended and every request sent in it has its outcome (a slow one may take a while).
	if (busy || measured.endedAt === undefined || measured.counts.inFlight > 0) return {mark: 'live', fields};
	if (fields.some(field => field.verdict === 'differs')) return {mark: 'differs', fields};
	if (fields.some(field => field.verdict === 'pending')) return {mark: 'unmeasured', fields};
	return {mark: 'match', fields};
}

/** The lesson's expected row beside what was measured during the step. */
export function compareStep(step: LessonStep, measured: StepSnapshot): ComparedField[] {
	return [
		compareState('old', step.expected.old, measured.states.old),
		compareState('new', step.expected.new, measured.states.new),
		compareHandling(step.expected.handling, measured.counts),
	];
}
