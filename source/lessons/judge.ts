import {failureList, failureOutcomes, failureWords, failures, type Counts, type FailureOutcome, type Schedule} from '../engine/index.js';
import {ms} from '../shared/format.js';
import {type Allowance} from './schema.js';
import {allowedIn, claimHolds} from './claims.js';

/** What a lesson (or a contrast) claims of a deploy; words, never a result. */
export type Claim = {zeroDowntime: boolean; text?: string; allow?: Allowance};

/** agrees / disagrees: the measurement bears the claim out, or not; undecided: the machine, not the deploy, decided it. */
export type Agreement = 'agrees' | 'disagrees' | 'undecided';

export type Judgement = {
	sent: number;
	failed: number;
	/** Measured: not one request failed. */
	measuredZero: boolean;
	/** ✔ or ✖, from the counts alone. */
	symbol: '✔' | '✖';
	/** The measured result in one line, e.g. "✖ Not zero-downtime in this run: 193 of 694 requests failed (193 refused)". */
	headline: string;
	agreement: Agreement;
	/** "The lesson says: … · this run agrees" */
	claimLine: string;
	/** Why the claim and the measurement part, and the honest likely cause. */
	why?: string;
	/** Set when the load fell behind its schedule: the machine could not carry it. */
	machine?: string;
};

const count = (n: number) => n.toLocaleString('en-US');

/** The measured headline alone: what the race, the summary and the plain run lead with. */
export function measuredHeadline(counts: Counts): string {
	const failed = failures(counts);
	const of = `${count(failed)} of ${count(counts.sent)} requests failed`;
	return failed === 0 ? `✔ Zero-downtime in this run: ${of}` : `✖ Not zero-downtime in this run: ${of} (${failureList(counts)})`;
}

/** A line on a load that fell behind; undefined when it kept its schedule. */
export function machineNote(schedule: Schedule, rate: number): string | undefined {
	if (!schedule.behind) return undefined;
	const signs = [`sends up to ${ms(schedule.lateMaxMs)} late`];
	if (schedule.slowConnects > 0) signs.push(`${count(schedule.slowConnects)} connection(s) took a second or more to open`);
	return `⚠ This machine could not keep ${count(rate)} requests/s (${signs.join('; ')}): timeouts here say more about the machine than about the deploy.`;
}

/** " (it allows at most 2 reset in a deploy, and nothing else: this run had 1 reset)" */
function allowanceText(claim: Claim, counts: Counts): string {
	const entries = Object.entries(claim.allow ?? {}) as Array<[FailureOutcome, number]>;
	if (!claim.zeroDowntime || entries.length === 0) return '';
	const allows = entries.map(([outcome, n]) => `${n} ${failureWords[outcome]}`).join(' and ');
	const had = entries.map(([outcome]) => `${count(counts[outcome])} ${failureWords[outcome]}`).join(' and ');
	return ` (it allows at most ${allows} in a deploy, and nothing else: this run had ${had})`;
}

/**
 * The one judge of a run: the measured result, the claim beside it, and
 * whether they agree. Every view (the summary screen, the plain run, the
 * race, --json) and the tests call it. A claim is never shown as a result.
 */
export function judgeRun(counts: Counts, schedule: Schedule, claim: Claim, rate: number): Judgement {
	const failed = failures(counts);
	const measuredZero = failed === 0;
	const holds = claimHolds(counts, claim);
	// A machine that fell behind times requests out by itself: no claim is settled by its timeouts.
	const decidedByTimeouts = counts.timeout > 0 && holds !== claimHolds({...counts, timeout: 0}, claim);
	const agreement: Agreement = schedule.behind && decidedByTimeouts ? 'undecided' : holds ? 'agrees' : 'disagrees';
	const says = `${claim.text ?? (claim.zeroDowntime ? 'this deploy drops none.' : 'this deploy drops requests.')}${allowanceText(claim, counts)}`;
	const verdictWords = {agrees: 'this run agrees', disagrees: 'this run disagrees', undecided: 'this run cannot tell (see ⚠)'}[agreement];
	let why: string | undefined;
	if (agreement === 'disagrees') {
		const against = {...counts};
		for (const outcome of failureOutcomes) if (against[outcome] <= allowedIn(claim.allow, outcome)) against[outcome] = 0;
		why = claim.zeroDowntime
			? `The claim failed in this run: ${failureList(against)}, of ${count(counts.sent)} requests.`
			: 'Nothing failed in this run: the load may have been too light to meet the gap (a higher --rate sends more requests into it).';
	} else if (agreement === 'undecided') {
		why = `Without its ${count(counts.timeout)} timeout(s) this run would ${holds ? 'not ' : ''}bear the claim out, and the machine fell behind.`;
	}

	return {
		sent: counts.sent,
		failed,
		measuredZero,
		symbol: measuredZero ? '✔' : '✖',
		headline: measuredHeadline(counts),
		agreement,
		claimLine: `The lesson says: ${says} · ${verdictWords}`,
		why,
		machine: machineNote(schedule, rate),
	};
}
