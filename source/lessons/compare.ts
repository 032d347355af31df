import {
	failureList,
	failureOutcomes,
	failureWords,
	failures,
	type Counts,
	type FailureOutcome,
	type ServerState,
	type StepSnapshot,
} from '../engine/index.js';
import {type Handling, type LessonStep} from './schema.js';
import {allowedIn} from './claims.js';
import {type VersionNames} from './settings.js';

/** What a lesson that names no versions calls them. */
const plainNames: VersionNames = {old: 'old', new: 'new'};

/** ✔ as expected, ✖ differs, · nothing to compare yet. */
export type Verdict = 'match' | 'differs' | 'pending';

export type ComparedField = {
	field: 'old' | 'new' | 'handling';
	expected: string;
	measured: string;
	verdict: Verdict;
	/** Why they differ, in plain words built from the measured numbers. */
	why?: string;
	/** Failures that happened as the step predicts (or within its allowance), e.g. "193 refused"; the field still matches. */
	predicted?: string;
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

/** Who the lesson expects to answer, in words, by the lesson's names for its versions. */
const handlingLabel = (handling: Handling, names: VersionNames): string =>
	({
		none: 'none answered',
		old: `handled by ${names.old}`,
		new: `handled by ${names.new}`,
		both: 'handled by both',
		'old-or-both': `handled by ${names.old} (and ${names.new}, if it gets some)`,
	})[handling];

/** Who answered the requests that arrived during a step, in words. */
export function describeHandling(counts: Counts, names: VersionNames = plainNames): string {
	const parts: string[] = [];
	if (counts.old > 0) parts.push(`${counts.old} by ${names.old}`);
	if (counts.new > 0) parts.push(`${counts.new} by ${names.new}`);
	if (counts.refused > 0) parts.push(`${counts.refused} refused`);
	if (counts.reset > 0) parts.push(`${counts.reset} reset`);
	if (counts.timeout > 0) parts.push(`${counts.timeout} timed out`);
	if (counts.status5xx > 0) parts.push(`${counts.status5xx} 5xx`);
	if (counts.other > 0) parts.push(`${counts.other} other errors`);
	if (counts.inFlight > 0) parts.push(`${counts.inFlight} in flight`);
	return parts.length === 0 ? 'no requests arrived' : parts.join(', ');
}

const failureReason: Record<FailureOutcome, string> = {
	refused: 'refused: no listener',
	reset: 'reset: connected, then cut',
	timeout: 'timed out',
	status5xx: "answered 5xx (a proxy's 502, or the app's own error)",
	other: 'failed otherwise',
};

function failureWhy(counts: Counts): string {
	return failureOutcomes
		.filter(outcome => counts[outcome] > 0)
		.map(outcome => `${counts[outcome]} ${failureReason[outcome]}`)
		.join(', ');
}

/**
 * The expected row's requests, in words: who answers, and the failures the
 * step predicts by what the client meets ("refused: nothing listening"), not
 * "no requests handled".
 */
export function expectedHandling(expected: LessonStep['expected'], names: VersionNames = plainNames): string {
	const predicted = Object.entries(expected.fails ?? {}).map(([outcome, why]) => `${failureWords[outcome as FailureOutcome]}: ${why}`);
	const allowed = Object.entries(expected.allow ?? {}).map(([outcome, n]) => `≤${n} ${failureWords[outcome as FailureOutcome]} allowed`);
	const who = expected.handling === 'none' ? [] : [handlingLabel(expected.handling, names)];
	return [...who, ...predicted, ...allowed].join('; ') || handlingLabel('none', names);
}

const handlingShort = (handling: Handling, names: VersionNames): string =>
	({none: 'none', old: `by ${names.old}`, new: `by ${names.new}`, both: 'by both', 'old-or-both': `by ${names.old} (+${names.new})`})[
		handling
	];

/** The same, for a narrow column: "by new; refused". */
export function expectedHandlingShort(expected: LessonStep['expected'], names: VersionNames = plainNames): string {
	const kinds = Object.keys(expected.fails ?? {}).map(outcome => failureWords[outcome as FailureOutcome]);
	const who = expected.handling === 'none' && kinds.length > 0 ? [] : [handlingShort(expected.handling, names)];
	return [...who, ...kinds].join('; ');
}

function compareHandling(expected: LessonStep['expected'], counts: Counts, names: VersionNames): ComparedField {
	const base = {field: 'handling' as const, expected: expectedHandling(expected, names), measured: describeHandling(counts, names)};
	// Outcomes measured in this step (failures count where they happened, answers where their connection reached a
	// server, so a step may have some it did not send).
	const finished = counts.old + counts.new + failures(counts);
	if (finished === 0) return {...base, verdict: 'pending'};
	// Failures split in two: those the step predicts (or allows, up to its number), and the rest.
	const foreseen = {...counts};
	const unforeseen = {...counts};
	for (const outcome of failureOutcomes) {
		const named = expected.fails?.[outcome] !== undefined || counts[outcome] <= allowedIn(expected.allow, outcome);
		if (named) unforeseen[outcome] = 0;
		else foreseen[outcome] = 0;
	}

	const predicted = failures(foreseen) > 0 ? failureList(foreseen) : undefined;
	if (failures(unforeseen) > 0) return {...base, verdict: 'differs', why: failureWhy(unforeseen)};
	const answered = counts.old + counts.new;
	const wrongServer =
		(expected.handling === 'none' && answered > 0) ||
		(expected.handling === 'old' && counts.new > 0) ||
		(expected.handling === 'new' && counts.old > 0) ||
		(expected.handling === 'both' && (counts.old === 0 || counts.new === 0)) ||
		(expected.handling === 'old-or-both' && counts.old === 0);
	if (wrongServer) {
		const why =
			expected.handling === 'none'
				? 'requests were still answered during this step'
				: 'a different version answered than the lesson expects';
		return {...base, verdict: 'differs', why, predicted};
	}

	return {...base, verdict: 'match', predicted};
}

function compareState(field: 'old' | 'new', expected: ServerState, measured: ServerState, name: string): ComparedField {
	return {
		field,
		expected: stateLabel[expected],
		measured: stateLabel[measured],
		verdict: expected === measured ? 'match' : 'differs',
		why: expected === measured ? undefined : `the ${name} server is ${stateWords[measured]}, not ${stateWords[expected]}`,
	};
}

/**
 * A step's status, the same in every view: ✔ as expected, ✔ as predicted (the
 * failures the lesson foretold happened, and nothing else: a ✔ in the failure
 * colour), ✖ differs, · nothing measured (nothing finished in it), ⋯ still
 * under way (its counts are not final until the next step has begun and every
 * request sent in it has its outcome), ○ not performed yet.
 */
export type StepStatus = 'match' | 'predicted' | 'differs' | 'unmeasured' | 'live' | 'not-yet';

export type JudgedStep = {status: StepStatus; fields: ComparedField[]};

/**
 * The one answer to "did this step go as the lesson expects", from measured
 * data only. The step list, the execution table, the tracker, the step detail,
 * the summary's row of symbols, the plain run and the tests all call it.
 */
export function judgeStep(step: LessonStep, measured: StepSnapshot | undefined, busy = false, names = plainNames): JudgedStep {
	if (!measured) return {status: busy ? 'live' : 'not-yet', fields: []};
	const fields = compareStep(step, measured, names);
	// Final once the step has ended and every request sent in it has its outcome (a slow one may take a while).
	if (busy || measured.endedAt === undefined || measured.counts.inFlight > 0) return {status: 'live', fields};
	if (fields.some(field => field.verdict === 'differs')) return {status: 'differs', fields};
	if (fields.some(field => field.verdict === 'pending')) return {status: 'unmeasured', fields};
	return {status: fields.some(field => field.predicted) ? 'predicted' : 'match', fields};
}

/** The lesson's expected row beside what was measured during the step. */
export function compareStep(step: LessonStep, measured: StepSnapshot, names = plainNames): ComparedField[] {
	return [
		compareState('old', step.expected.old, measured.states.old, names.old),
		compareState('new', step.expected.new, measured.states.new, names.new),
		compareHandling(step.expected, measured.counts, names),
	];
}
