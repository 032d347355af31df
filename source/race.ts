import {Deployment, failures, type DeploymentOptions, type Snapshot} from './engine/index.js';
import {playSteps, type PlayableStep} from './lessons/play.js';
import {verdictFor, type Lesson} from './lessons/schema.js';

/** One way to deploy, taken from a lesson or one of its contrasts. */
export type Strategy = {
	id: string;
	title: string;
	lesson: string;
	/** What the lesson claims: true when it says nothing is dropped. */
	claimsZero: boolean;
	keepAlive?: boolean;
	retry?: boolean;
	steps: readonly PlayableStep[];
};

export function strategiesOf(lessons: readonly Lesson[]): Strategy[] {
	return lessons.flatMap(lesson => [
		{
			id: lesson.id,
			title: lesson.title,
			lesson: lesson.id,
			claimsZero: verdictFor(lesson).zeroDowntime,
			keepAlive: lesson.load.keepAlive,
			steps: lesson.steps,
		},
		...lesson.contrasts.map(contrast => ({
			id: contrast.id,
			title: contrast.title,
			lesson: lesson.id,
			claimsZero: contrast.zeroDowntime,
			keepAlive: contrast.keepAlive ?? lesson.load.keepAlive,
			retry: contrast.retry,
			steps: contrast.steps,
		})),
	]);
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

export const raceDefaults = {
	rate: 200,
	durationMs: 600,
	// Shorter slow requests than the lessons', so a full race stays within seconds.
	slowMinMs: 150,
	slowMaxMs: 300,
	timeoutMs: 2000,
	drainDeadlineMs: 800,
} as const;

export type RaceResult = {
	id: string;
	title: string;
	lesson: string;
	keepAlive: boolean;
	/** Whether the client retried requests reset on a reused connection, and how many it retried. */
	retry: boolean;
	retried: number;
	sent: number;
	old: number;
	new: number;
	refused: number;
	reset: number;
	/** Answers with a 5xx status. */
	http5xx: number;
	/** Any other failure (a 4xx, an unexpected error). */
	otherErrors: number;
	timeout: number;
	gapMs: number | null;
	p50: number;
	p99: number;
	max: number;
	durationMs: number;
	/** As measured: nothing refused, reset, timed out or failed. */
	zeroDowntime: boolean;
	claimsZero: boolean;
	agrees: boolean;
	/** Every request sent ended in exactly one outcome. */
	conserved: boolean;
};

export function resultOf(strategy: Strategy, final: Snapshot, durationMs: number): RaceResult {
	const t = final.totals;
	const failed = failures(t);
	return {
		id: strategy.id,
		title: strategy.title,
		lesson: strategy.lesson,
		keepAlive: final.keepAlive,
		retry: final.retry,
		retried: final.retried,
		sent: t.sent,
		old: t.old,
		new: t.new,
		refused: t.refused,
		reset: t.reset,
		http5xx: t.http5xx,
		otherErrors: t.other,
		timeout: t.timeout,
		gapMs: final.gapMs === undefined ? null : Math.round(final.gapMs),
		p50: Math.round(final.latency.p50),
		p99: Math.round(final.latency.p99),
		max: Math.round(final.latency.max),
		durationMs: Math.round(durationMs),
		zeroDowntime: failed === 0,
		claimsZero: strategy.claimsZero,
		agrees: (failed === 0) === strategy.claimsZero,
		conserved: t.inFlight === 0 && t.sent === t.old + t.new + t.refused + t.reset + t.timeout + t.http5xx + t.other,
	};
}

/**
 * Runs one strategy on fresh servers under the race's load. `onRun` hands
 * out the run while it goes, for a screen to watch; it is disposed here.
 */
export async function raceOne(
	strategy: Strategy,
	options: RaceOptions,
	onRun?: (run: Deployment) => void,
): Promise<RaceResult> {
	const pauses = strategy.steps.reduce((sum, step) => sum + step.autoplayPauseMs, 0);
	const deploymentOptions: DeploymentOptions = {
		...raceDefaults,
		port: options.port ?? 0,
		rate: options.rate,
		keepAlive: strategy.keepAlive ?? options.keepAlive,
		retry: strategy.retry,
		seed: options.seed,
	};
	const run = new Deployment(deploymentOptions);
	onRun?.(run);
	const started = performance.now();
	try {
		const final = await playSteps(run, strategy.steps, {pauseScale: pauses > 0 ? options.durationMs / pauses : 1});
		return resultOf(strategy, final, performance.now() - started);
	} finally {
		run.dispose();
	}
}
