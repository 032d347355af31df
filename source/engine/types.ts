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

/** What happened to the requests sent in one slice of time: how many ended in each outcome. */
export type Cell = Record<Outcome, number>;

/** Every request that has ended, by when it was sent: slices of sliceMs from the run's start. */
export type TimelineData = {
	sliceMs: number;
	cells: Cell[];
};

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

/** Each failure outcome in the words a learner reads. */
export const failureWords: Record<FailureOutcome, string> = {
	refused: 'refused',
	reset: 'reset',
	timeout: 'timed out',
	status5xx: '5xx',
	other: 'other errors',
};

/** "193 refused, 20 reset": the failures among these counts by outcome, largest first. */
export function failureList(counts: OutcomeCounts): string {
	return failureOutcomes
		.filter(outcome => counts[outcome] > 0)
		.sort((a, b) => counts[b] - counts[a])
		.map(outcome => `${counts[outcome].toLocaleString('en-US')} ${failureWords[outcome]}`)
		.join(', ');
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
