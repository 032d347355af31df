import {defaults} from '../options.js';
import {Traffic} from '../traffic/traffic.js';
import type {TrafficOptions} from '../traffic/options.js';
import {loadPath, type VerifyMeasurement, type VerifySettings} from './measurement.js';
import type {LoadRequest, Route} from '../traffic/routes.js';
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
		routes: routesOf(settings),
		request: requestOf(settings),
	});
}

/** What every request of the load carries besides its path: the settings' method (GET), headers and body. */
export function requestOf(settings: Pick<VerifySettings, 'method' | 'headers' | 'body'>): LoadRequest {
	return {method: settings.method ?? 'GET', headers: settings.headers ?? {}, ...(settings.body === undefined ? {} : {body: settings.body})};
}

/** The routes the load asks: the settings', or GET / alone. */
export function routesOf(settings: Pick<VerifySettings, 'paths'>): Route[] {
	return settings.paths && settings.paths.length > 0 ? settings.paths : [{path: loadPath, weight: 1}];
}

/** What the load measured, once it has stopped and settled: the counts, the stages, the gap (first to last failure). */
export function loadFigures(
	traffic: Traffic,
	stages: Stages,
	endedAt: number,
	failures: ReadonlyArray<{at: number}>,
): Pick<VerifyMeasurement, 'counts' | 'latency' | 'schedule' | 'gapMs' | 'steps' | 'statuses' | 'timeline' | 'byPath'> {
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
		byPath: Object.fromEntries([...traffic.byPath].map(([path, counts]) => [path, outcomeCounts(counts)])),
	};
}
