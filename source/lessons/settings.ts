import type {RunOptions} from '../engine/index.js';
import type {Lesson, Setup} from './schema.js';

/** What a setup asks of the engine. */
export function setupOptions(setup: Setup | undefined): Partial<RunOptions> {
	if (!setup) return {};
	const proxy = {
		...(setup.proxyIdleTimeoutMs === undefined ? {} : {idleTimeoutMs: setup.proxyIdleTimeoutMs}),
		...(setup.proxyLatencyMs === undefined ? {} : {latencyMs: setup.proxyLatencyMs}),
	};
	return {
		...(Object.keys(proxy).length > 0 ? {proxy} : {}),
		...(setup.appKeepAliveTimeoutMs === undefined ? {} : {appKeepAliveTimeoutMs: setup.appKeepAliveTimeoutMs}),
		...(setup.newWarmUpMs === undefined ? {} : {newWarmUpMs: setup.newWarmUpMs}),
		...(setup.burst ? {burst: setup.burst} : {}),
	};
}

/** The run settings a lesson fixes. */
export function lessonLoad(
	lesson: Pick<Lesson, 'load' | 'versions' | 'setup'>,
): Partial<RunOptions> & {keepAlive?: boolean; names?: VersionNames} {
	return {
		...setupOptions(lesson.setup),
		...(lesson.load.keepAlive === undefined ? {} : {keepAlive: lesson.load.keepAlive}),
		...(lesson.versions ? {names: lesson.versions} : {}),
	};
}

export type VersionNames = {old: string; new: string};

/** What the lesson calls its versions. */
export function versionNames(lesson: Pick<Lesson, 'versions'> | undefined): VersionNames {
	return lesson?.versions ?? {old: 'old', new: 'new'};
}
