import type {TimelineData} from './traffic/timeline.js';
import type {ActionName} from './actions/index.js';

/** The two versions a lesson deploys. */
export const versions = ['old', 'new'] as const;
export type Version = (typeof versions)[number];

/** What a server is doing right now, as the learner sees it. */
export const serverStates = ['not-started', 'listening', 'error', 'closing', 'closed', 'stopped'] as const;
export type ServerState = (typeof serverStates)[number];

/**
 * Every request sent ends in exactly one of these: answered by a version, or one of the failures.
 * status5xx: an answer with a 5xx status (a proxy's 502, say); other: any other failure.
 */
export const failureOutcomes = ['refused', 'reset', 'timeout', 'status5xx', 'other'] as const;
export const outcomes = [...versions, ...failureOutcomes] as const;
export type Outcome = (typeof outcomes)[number];
export type FailureOutcome = (typeof failureOutcomes)[number];

/** What the requests sent became: sent = the outcomes added up (once none is in flight). The one count type of every result. */
export type OutcomeCounts = Record<Outcome, number> & {sent: number};

/** Live request counts; sent = the outcomes + inFlight, always. */
export type Counts = OutcomeCounts & {inFlight: number};

export function emptyCounts(): Counts {
	return {sent: 0, old: 0, new: 0, refused: 0, reset: 0, timeout: 0, status5xx: 0, other: 0, inFlight: 0};
}

/** The outcome counts alone (no in-flight count), in the order of `outcomes`. */
export function outcomeCounts(counts: OutcomeCounts): OutcomeCounts {
	const result = {sent: counts.sent} as OutcomeCounts;
	for (const outcome of outcomes) result[outcome] = counts[outcome];
	return result;
}

/** Every request sent has ended, in exactly one outcome. */
export function conserved(counts: Counts): boolean {
	return counts.inFlight === 0 && counts.sent === outcomes.reduce((sum, outcome) => sum + counts[outcome], 0);
}

export function failures(counts: OutcomeCounts): number {
	return failureOutcomes.reduce((sum, outcome) => sum + counts[outcome], 0);
}

export type ServerSnapshot = {
	version: Version;
	state: ServerState;
	/** Responses this server finished sending. */
	served: number;
	/** Connections it holds open right now. */
	connections: number;
	/** The last error code its listen() gave, if any. */
	lastError?: string;
};

export type Latency = {
	p50: number;
	p99: number;
	max: number;
};

export type StepResult = {
	ok: boolean;
	/** The real error code, e.g. EADDRINUSE. */
	code?: string;
	/** One line describing what the engine saw. */
	detail: string;
	/** How long the action itself took, ms. */
	durationMs: number;
};

/** What an action reports: a step's result before its duration is known. */
export type ActionResult = Omit<StepResult, 'durationMs'>;

export type StepSnapshot = {
	index: number;
	action: ActionName;
	target: Version;
	startedAt: number;
	/** When the action finished (the step's window lasts until the next step starts). */
	doneAt?: number;
	/** When the next step started, or the run finished. */
	endedAt?: number;
	result?: StepResult;
	/**
	 * sent: requests sent while this step was current. Answers, timeouts and
	 * the requests still in flight count under the step in which their
	 * connection reached a server (the step they were sent in, unless a new
	 * connection opened in a later one); refusals, resets and error answers
	 * under the step during which they happened.
	 */
	counts: Counts;
	/** Server states when the step began. */
	before: Record<Version, ServerState>;
	/** Server states when the step ended (live while it is current). */
	states: Record<Version, ServerState>;
	/** The servers as they were when the step ended (what a recorded view shows); undefined while it is current. */
	servers?: Record<Version, ServerSnapshot>;
	/** First to last failure, as measured when the step ended (undefined: none had failed by then). */
	gapMs?: number;
};

/** Whether the load went out on time: the machine, not the deploy, explains what a late load measured. */
export type Schedule = {
	/** How late the sends went out against their schedule, ms: 1 in 100 later than p99. */
	lateP99Ms: number;
	lateMaxMs: number;
	/** This process's event-loop delay while the load ran, ms. */
	loopDelayP99Ms: number;
	loopDelayMaxMs: number;
	/** Connections that took a second or more to open (a full listen queue, or a busy process: see slowConnectMs). */
	slowConnects: number;
	/** The load could not keep its schedule, or the process could not accept its connections in time. */
	behind: boolean;
};

export type TrafficState = 'idle' | 'running' | 'paused' | 'stopped' | 'capped';

export type RunSnapshot = {
	/** ms since the run was created. */
	at: number;
	port: number;
	host: string;
	targetRate: number;
	keepAlive: boolean;
	/** Whether the client retries a request reset on a reused connection. */
	retry: boolean;
	/** Requests sent again after such a reset; each still ends in exactly one outcome. */
	retried: number;
	traffic: TrafficState;
	servers: Record<Version, ServerSnapshot>;
	totals: Counts;
	latency: Latency;
	/** Requests sent in the last second. */
	sendRate: number;
	/** Whether the load kept its schedule. */
	schedule: Schedule;
	/**
	 * Answers each version finished sending to a client that had given up
	 * first (counted as a timeout): both counts are true, so a version's
	 * `served` is its clients' count plus these.
	 */
	answeredAfterTimeout: Record<Version, number>;
	/** Timeouts of requests whose connection took a second or more to open (schedule.slowConnects), answered by no version. */
	timedOutConnecting: number;
	firstFailureAt?: number;
	lastFailureAt?: number;
	/** First failure to last failure, ms; 0 when there was one failure, undefined when none. */
	gapMs?: number;
	steps: StepSnapshot[];
	/** Every ended request's outcome, by when it was sent (the steps' startedAt mark its boundaries). */
	timeline: TimelineData;
	currentStep: number;
	busy: boolean;
	finished: boolean;
};
