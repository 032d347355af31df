import {defaults} from '../options.js';
import {Traffic} from '../traffic/traffic.js';
import type {TrafficOptions} from '../traffic/options.js';
import type {VerifyMeasurement, VerifySettings} from './measurement.js';
import type {Stages} from './stages.js';
import {outcomeCounts} from '../types.js';

/** The longest load verify sends: the cap on its duration and so on its count. */
const maxDurationMs = 10 * 60 * 1000;

/**
 * The load verify puts on the learner's app through the balancer: the lessons' open-loop schedule at
 * the settings' rate, bounded in count and time. The app ignores ?delay=, so every request is as slow
 * as the app makes it, and any answer below 500 is the app's own (a 404 on / is an answer).
 */
export function verifyLoad(settings: VerifySettings, at: Pick<TrafficOptions, 'host' | 'port' | 'now' | 'onFailure' | 'tag'>): Traffic {
	return new Traffic({
		...at,
		rate: settings.rate,
		keepAlive: settings.keepAlive,
		slowEvery: 0,
		slowMinMs: 0,
		slowMaxMs: 0,
		fastMinMs: 0,
		fastMaxMs: 0,
		timeoutMs: settings.timeoutMs ?? defaults.timeoutMs,
		maxDurationMs,
		maxRequests: Math.ceil((settings.rate * maxDurationMs) / 1000),
		seed: settings.seed ?? defaults.seed,
		servedBelow: 500,
	});
}

/** What the load measured, once it has stopped and settled: the counts, the stages, the gap (first to last failure). */
export function loadFigures(
	traffic: Traffic,
	stages: Stages,
	endedAt: number,
	failures: ReadonlyArray<{at: number}>,
): Pick<VerifyMeasurement, 'counts' | 'latency' | 'schedule' | 'gapMs' | 'steps' | 'statuses' | 'timeline'> {
	const first = failures[0]?.at;
	const last = failures.at(-1)?.at;
	return {
		counts: outcomeCounts(traffic.totals),
		latency: traffic.latency.summary(),
		schedule: traffic.schedule(),
		gapMs: first === undefined ? undefined : last! - first,
		steps: stages.steps(traffic.byTag, endedAt),
		statuses: {...traffic.statuses},
		timeline: traffic.timeline.data(),
	};
}
