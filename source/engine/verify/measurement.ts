import {existsSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import type {AppCommand, AppProcess} from '../backends/app-process.js';
import type {EndpointRecord, ProxyFailure} from '../front-doors/proxy.js';
import type {TimelineData} from '../traffic/timeline.js';
import type {Counts, Latency, Outcome, OutcomeCounts, Schedule, ServerSnapshot, Version} from '../types.js';
import type {Choice} from './choose.js';
import type {IdleKeepAlive} from './idle-probe.js';
import type {Route} from '../traffic/routes.js';

export type VerifySettings = {
	app: AppCommand;
	rate: number;
	keepAlive: boolean;
	/** What the orchestrator sends to end the old instance (SIGTERM; SIGINT for PM2). */
	signal: NodeJS.Signals;
	/** How long after the signal the balancer stops sending to the old instance, ms (0: before the signal, a blue/green flip). */
	lagMs: number;
	/** How long the old instance has to exit after the signal before SIGKILL, ms. */
	graceMs: number;
	/** A readiness path: the new instance counts as ready when it answers 2xx there, not when it listens. */
	readyPath?: string;
	/**
	 * The balancer's idle timeout, ms: how long it keeps an idle connection to
	 * an instance. When set, an idle connection to the new instance measures
	 * whether the app lets go of one sooner.
	 */
	balancerIdleMs?: number;
	/** How long an instance may take to listen (and be ready), ms. */
	startTimeoutMs: number;
	/** The port the app's code asks for, naming its server among several listens (--app-port). */
	appPort?: number;
	/** The old instance alone under load before the new one starts, and the new one alone at the end, ms. */
	settleMs: number;
	/** This run's folder: the app's output (app.log) and the preload's reports. */
	runDir: string;
	timeoutMs?: number;
	seed?: number;
	/** The app's routes the load asks, drawn by weight (default: GET / alone); the first is the one a listen must answer well. */
	paths?: Route[];
	/** Every request's method (GET), headers and body. */
	method?: string;
	headers?: Record<string, string>;
	body?: string;
};

/** In a run's folder: the process groups it started, and the mark of a folder kept on purpose (the app's output of a failed run). */
export const groupsFile = 'groups';
export const keptMark = '.kept';

/** A run's folder as it ends: gone, or, with the app's log to keep, that log alone, marked as kept. */
export function leaveRunDir(runDir: string, keptLog?: string): void {
	try {
		if (keptLog) {
			for (const name of ['old.jsonl', 'new.jsonl', groupsFile]) rmSync(path.join(runDir, name), {force: true});
			// Marked as kept on purpose: the next run clears only the folders of runs that were killed.
			if (existsSync(keptLog)) writeFileSync(path.join(runDir, keptMark), '');
		} else rmSync(runDir, {recursive: true, force: true});
	} catch {
		// A temp dir that cannot be written: nothing to keep, and nothing that must stop the exit.
	}
}

/** The load's path: the app's server is the listen that answers it. */
export const loadPath = '/';

/** When things happened, ms since the run began. */
export type VerifyTimes = {
	oldListening?: number;
	newListening?: number;
	newReady?: number;
	newAdded?: number;
	signalled?: number;
	removed?: number;
	oldExited?: number;
	oldKilled?: number;
	end?: number;
};

/** The stages of a verify deploy, each a step of its own: the requests sent in it are counted under it. */
export type VerifyStage =
	'old-serving' | 'new-listening' | 'new-ready' | 'new-added' | 'signalled' | 'removed' | 'old-exited' | 'old-killed';

/** One stage as it ran: when, and what became of the requests counted under it (as a lesson's step counts them). */
export type VerifyStep = {
	stage: VerifyStage;
	startedAt: number;
	/** When the next stage began; the last, when the load had stopped and settled. */
	endedAt: number;
	counts: OutcomeCounts;
	/**
	 * Requests counted under it still under way (only while the run goes on): until none is, a timeout can
	 * still count under it. A failure that happens later counts under the stage current then.
	 */
	inFlight?: number;
};

/** One request of the load that failed: what the client saw, and what the balancer saw behind it (when it got that far). */
export type FailedRequest = {
	id: number;
	outcome: Exclude<Outcome, 'old' | 'new'>;
	/** The status of the answer the client got (a 502 from the balancer, a 503 from the app), if one came. */
	status?: number;
	/** When it was sent, and when it failed, ms since the run began. */
	sentAt: number;
	at: number;
	/** The instance the balancer sent it to, and how it failed there: a connection's error, or the instance's own 5xx. */
	upstream?: {version: Version; sentAt: number; at: number; code?: string; reused?: boolean; status?: number};
};

/** An instance that exited on its own, before zdd-learn signalled it: when (ms), and how. */
export type Crash = {at: number; exitCode: number | null; exitSignal: NodeJS.Signals | null};

/** A listen of the app, as a report names it: where it was sent, and what the app's code asked for. */
export type ListenSeen = {port: number; askedPort: number | string | null; askedHost: string | null};

/** Everything measured: the load's outcomes, the balancer's view of each instance, the old process's fate. */
export type VerifyMeasurement = {
	settings: Omit<VerifySettings, 'app' | 'runDir'> & {command: string; logFile: string};
	node: string;
	counts: OutcomeCounts;
	latency: Latency;
	schedule: Schedule;
	gapMs?: number;
	times: VerifyTimes;
	/**
	 * The deploy stage by stage: a request, and its answer or timeout, count under the stage current when it
	 * was sent; a refusal, reset, 5xx or other error under the stage current when it happened (so a stage can
	 * count failures of requests sent before it).
	 */
	steps: VerifyStep[];
	/** Each request that failed, as the client and the balancer saw it. */
	failures: FailedRequest[];
	/** The answers the clients saw, by status code. */
	statuses: Record<string, number>;
	/** The instances that exited on their own before their signal. */
	crashes: Partial<Record<Version, Crash>>;
	/** The old instance's measured listen: the app's server, how it was chosen, and whether it answered the load's path well. */
	measured: ListenSeen & {by: Choice['by']; status: number};
	/** The app's other listens (a probe server, a second port), left out. */
	otherListens: ListenSeen[];
	/** Every request's outcome, by when it was sent. */
	timeline: TimelineData;
	/** Each path's requests and what became of them. */
	byPath: Record<string, OutcomeCounts>;
	endpoints: Record<Version, EndpointRecord>;
	old: {
		pid?: number;
		exitCode: number | null;
		exitSignal: NodeJS.Signals | null;
		killed: boolean;
		/** The app's own processes (those that listened) still alive when the first process exited. */
		appAliveAfterExit: boolean;
		/** Requests the balancer still had under way with it when it was killed. */
		openAtKill: number;
		/** Idle connections the balancer still kept alive to it then (a close() waits for them). */
		keptAliveAtKill: number;
		/** When the app called close() on its measured server after the signal (ms; undefined: it never did, or no preload saw it). */
		closeCalledAt?: number;
		/** Whether the preload saw the app call close() on any server (false also for a server it cannot see). */
		calledClose: boolean;
		/** Whether the preload ran in the app (a Node app): without it, close() calls go unseen. */
		preloaded: boolean;
		/** When the balancer last had an answer from it, ms. */
		lastAnsweredAt?: number;
	};
	/** When the new instance last answered through the balancer, ms. */
	newLastAnsweredAt?: number;
	/** One idle keep-alive connection to the new instance, when the balancer's idle timeout was given. */
	idleKeepAlive?: IdleKeepAlive;
};

/** A verify run as it goes, for a live screen. */
export type VerifyLive = {
	at: number;
	counts: Counts;
	/** The answers so far, by status: with the counts, what a run that was stopped had measured. */
	statuses: Record<string, number>;
	/** Each instance: its state, its pid, and what the balancer counts for it. */
	instances: Partial<Record<Version, ServerSnapshot & {pid?: number}>>;
	/** The instances the balancer sends new requests to now. */
	routed: Version[];
	/** The stages so far, when (ms). */
	events: Array<{at: number; what: string}>;
	/** The stages so far, with their counts so far (the current one ending now). */
	steps: VerifyStep[];
	/** Stepped: the operator's step that waits for its key. */
	waiting?: VerifyStage;
	/** Every ended request's outcome, by when it was sent. */
	timeline: TimelineData;
	/** First to last failure so far, ms (by when they failed); undefined while none has. */
	gapMs?: number;
	/** When the load stopped, ms (what follows is not measured by the load). */
	loadStoppedAt?: number;
};

/** The app could not be verified: it did not start, or never listened. One line, and what the app itself said. */
export class VerifyError extends Error {
	constructor(
		message: string,
		readonly log: string,
	) {
		super(message);
	}
}

/** A failed request, with what the balancer saw of it behind (when it saw it): which instance, and how it failed there. */
export function behind(
	failure: Omit<FailedRequest, 'upstream'>,
	seen: ProxyFailure | undefined,
	instances: Record<Version, AppProcess>,
): FailedRequest {
	if (!seen) return failure;
	const version = (Object.keys(instances) as Version[]).find(v => instances[v] === seen.endpoint);
	if (!version) return failure;
	const {endpoint: _endpoint, ...how} = seen;
	return {...failure, upstream: {version, ...how}};
}
