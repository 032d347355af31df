import type {ActionName} from './actions/index.js';
import type {Counts, Latency, Schedule, ServerSnapshot, ServerState, StepResult, TimelineData, TrafficState, Version} from './types.js';

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
