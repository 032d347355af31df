import {
	DeployRun,
	conserved,
	failures,
	outcomeCounts,
	type OutcomeCounts,
	type RunOptions,
	type RunSnapshot,
	type TimelineData,
} from '../engine/index.js';
import {raceDefaults} from './defaults.js';
import {playSteps, type PlayableStep} from '../lessons/play.js';
import {judgeRun, measuredHeadline, machineNote, type Agreement} from '../lessons/judge.js';
import {type Allowance, type Lesson, type Setup} from '../lessons/schema.js';
import {requirementMet, requirementText, verdictFor} from '../lessons/requires.js';
import {setupOptions} from '../lessons/settings.js';

/** One way to deploy, taken from a lesson or one of its contrasts. */
export type Strategy = {
	id: string;
	title: string;
	/** A name for narrow columns; the title when absent. The race names it so everywhere. */
	short?: string;
	lesson: string;
	/** What its lesson needs of Node and the system (a contrast needs what its lesson needs). */
	requires?: Lesson['requires'];
	/** What the lesson claims: true, nothing dropped; false, requests dropped; undefined, neither. */
	claimsZero?: boolean;
	/** A claim of fewer failures than this other strategy. */
	fewerFailuresThan?: string;
	/** Outcomes its zero claim leaves open. */
	allow?: Allowance;
	keepAlive?: boolean;
	retry?: boolean;
	setup?: Setup;
	steps: readonly PlayableStep[];
};

export function strategiesOf(lessons: readonly Lesson[]): Strategy[] {
	const all: Strategy[] = lessons.flatMap(lesson => [
		{
			id: lesson.id,
			title: lesson.title,
			short: lesson.short,
			lesson: lesson.id,
			requires: lesson.requires,
			claimsZero: verdictFor(lesson).zeroDowntime,
			allow: verdictFor(lesson).allow,
			keepAlive: lesson.load.keepAlive,
			setup: lesson.setup,
			steps: lesson.steps,
		},
		...lesson.contrasts.map(contrast => ({
			id: contrast.id,
			title: contrast.title,
			short: contrast.short,
			lesson: lesson.id,
			requires: lesson.requires,
			claimsZero: contrast.zeroDowntime,
			fewerFailuresThan: contrast.fewerFailuresThan,
			keepAlive: contrast.keepAlive ?? lesson.load.keepAlive,
			retry: contrast.retry,
			setup: lesson.setup || contrast.setup ? {...lesson.setup, ...contrast.setup} : undefined,
			steps: contrast.steps,
		})),
	]);
	// A short name taken by an earlier strategy (a copied lesson in --lessons-dir) gives way to the id, which is unique.
	const taken = new Set<string>();
	return all.map(strategy => {
		const short = strategy.short === undefined || taken.has(strategy.short) ? strategy.id : strategy.short;
		taken.add(short);
		return {...strategy, short};
	});
}

export type RaceOptions = {
	rate: number;
	/** About how long each strategy's deploy takes, ms (its pauses are scaled to fit). */
	durationMs: number;
	/** The load's keep-alive where a strategy does not fix it. */
	keepAlive: boolean;
	seed: number;
	port?: number;
};

export type RaceResult = {
	id: string;
	title: string;
	/** Its name in the race: the table, the timelines, the verdict. */
	short: string;
	lesson: string;
	/** What its lesson needs, in words, when this Node or system does not have it (the run measured the fallback); null when met. */
	unmet: string | null;
	/** The error codes its steps met, in order, each once (EADDRINUSE: a second listen() without reusePort). */
	stepErrors: string[];
	keepAlive: boolean;
	/** Whether the client retried requests reset on a reused connection, and how many it retried. */
	retry: boolean;
	retried: number;
	gapMs: number | null;
	p50: number;
	p99: number;
	max: number;
	durationMs: number;
	/** As measured: nothing refused, reset, timed out or failed. */
	zeroDowntime: boolean;
	/** The measured result in words (the judge's headline). */
	headline: string;
	/** The load fell behind its schedule: the machine could not carry it (see machine). */
	fellBehind: boolean;
	/** What the machine's falling behind means for this result; null when it kept up. */
	machine: string | null;
	/** Whether the measurement bears out every claim the lesson makes of it; undecided when the machine fell behind and timeouts decide it. */
	agreement: Agreement;
	/** null: it claims neither (only fewerFailuresThan). */
	claimsZero: boolean | null;
	fewerFailuresThan: string | null;
	/** agreement is 'agrees' (see settleClaims). */
	agrees: boolean;
	/** Every request sent ended in exactly one outcome. */
	conserved: boolean;
	/** Every request's outcome, by when it was sent (slices of sliceMs from the deploy's start). */
	timeline: TimelineData;
} & OutcomeCounts;

/**
 * What a requirement this Node or system does not meet asks for, in words:
 * "Node 22.12+/23.1+" (the first release of each line that has it), the
 * whole requirement when the system is what is missing; null when met.
 */
export function unmetPart(requires: Lesson['requires'], nodeVersion = process.version, platform: string = process.platform): string | null {
	if (!requires || requirementMet({requires}, nodeVersion, platform)) return null;
	if (requires.platforms && !requires.platforms.includes(platform)) return requirementText(requires);
	return `Node ${[requires.node]
		.flat()
		.map(version => `${version.replace(/\.0$/, '')}+`)
		.join('/')}`;
}

export function resultOf(strategy: Strategy, final: RunSnapshot, durationMs: number): RaceResult {
	const t = final.totals;
	const failed = failures(t);
	const agreement =
		strategy.claimsZero === undefined
			? 'agrees'
			: judgeRun(t, final.schedule, {zeroDowntime: strategy.claimsZero, allow: strategy.allow}, final.targetRate).agreement;
	return {
		id: strategy.id,
		title: strategy.title,
		short: strategy.short ?? strategy.title,
		lesson: strategy.lesson,
		unmet: unmetPart(strategy.requires),
		stepErrors: [...new Set(final.steps.flatMap(step => (step.result?.code === undefined ? [] : [step.result.code])))],
		keepAlive: final.keepAlive,
		retry: final.retry,
		retried: final.retried,
		...outcomeCounts(t),
		gapMs: final.gapMs === undefined ? null : Math.round(final.gapMs),
		p50: Math.round(final.latency.p50),
		p99: Math.round(final.latency.p99),
		max: Math.round(final.latency.max),
		durationMs: Math.round(durationMs),
		zeroDowntime: failed === 0,
		headline: measuredHeadline(t),
		fellBehind: final.schedule.behind,
		machine: machineNote(final.schedule, final.targetRate) ?? null,
		agreement,
		claimsZero: strategy.claimsZero ?? null,
		fewerFailuresThan: strategy.fewerFailuresThan ?? null,
		agrees: agreement === 'agrees',
		conserved: conserved(t),
		timeline: final.timeline,
	};
}

/**
 * A "fewer failures than" claim can be judged only once the other strategy
 * has run. One short race run counts a handful of failures each, so here it
 * agrees unless it failed more than the other; the tests check "fewer" over
 * repeated runs. Without the other, it stands on its zero claim alone.
 */
export function settleClaims(results: readonly RaceResult[]): RaceResult[] {
	const failed = failures;
	return results.map(result => {
		const other = result.fewerFailuresThan === null ? undefined : results.find(r => r.id === result.fewerFailuresThan);
		if (!other || result.agreement !== 'agrees' || failed(result) <= failed(other)) return result;
		// Timeouts of a machine that fell behind settle nothing (see judgeRun).
		const byTimeouts = (result.fellBehind || other.fellBehind) && failed(result) - result.timeout <= failed(other) - other.timeout;
		return byTimeouts ? {...result, agreement: 'undecided', agrees: false} : {...result, agreement: 'disagrees', agrees: false};
	});
}

/** The race's exit code: 1 when any strategy's counts do not add up (a request lost or counted twice), else 0. */
export function raceExitCode(results: readonly RaceResult[]): 0 | 1 {
	return results.some(result => !result.conserved) ? 1 : 0;
}

/** Who begins and ends a race's runs: a Lab, which disposes what is left at exit. */
export type RunOwner = {begin(options: RunOptions): DeployRun; end(run: DeployRun): void};

/**
 * Runs one strategy on fresh servers under the race's load. `onRun` hands
 * out the run while it goes, for a screen to watch; it is disposed here.
 */
export async function raceOne(
	strategy: Strategy,
	options: RaceOptions,
	onRun?: (run: DeployRun) => void,
	/** Who begins and ends the run (a session's lab, which disposes what is left at exit). */
	owner: RunOwner = {
		begin: o => new DeployRun(o),
		end: run => {
			run.dispose();
		},
	},
): Promise<RaceResult> {
	const pauses = strategy.steps.reduce((sum, step) => sum + step.autoplayPauseMs, 0);
	const runOptions: RunOptions = {
		...raceDefaults,
		port: options.port ?? 0,
		rate: options.rate,
		keepAlive: strategy.keepAlive ?? options.keepAlive,
		retry: strategy.retry,
		...setupOptions(strategy.setup),
		seed: options.seed,
	};
	const run = owner.begin(runOptions);
	onRun?.(run);
	const started = performance.now();
	try {
		const scale = strategy.setup?.realTime || pauses === 0 ? 1 : options.durationMs / pauses;
		const final = await playSteps(run, strategy.steps, {pauseScale: scale});
		return resultOf(strategy, final, performance.now() - started);
	} finally {
		owner.end(run);
	}
}

export {raceDefaults} from './defaults.js';
