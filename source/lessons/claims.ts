import {failureOutcomes, type Counts, type Outcome} from '../engine/index.js';
import type {Allowance} from './schema.js';

/** How many of an outcome a claim allows in one deploy. */
export function allowedIn(allow: Allowance | undefined, outcome: Outcome): number {
	return allow?.[outcome as keyof Allowance] ?? 0;
}

/** Failures that count against a verdict: all of them, but those within what it allows. */
export function claimFailures(counts: Counts, verdict: {allow?: Allowance}): number {
	return failureOutcomes.reduce((sum, outcome) => {
		const n = counts[outcome];
		return sum + (n <= allowedIn(verdict.allow, outcome) ? 0 : n);
	}, 0);
}

/** Whether a run's counts bear a claim out: none failed but what it allows, or some failed. */
export function claimHolds(counts: Counts, claim: {zeroDowntime: boolean; allow?: Allowance}): boolean {
	return claim.zeroDowntime ? claimFailures(counts, claim) === 0 : failureOutcomes.some(outcome => counts[outcome] > 0);
}
