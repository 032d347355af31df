import type {ProxyOptions} from './front-doors/proxy.js';

/** What a run is asked to do; every field but the first three has a default below. */
export type RunOptions = {
	/** 0: a free ephemeral port, chosen when the first server listens. */
	port: number;
	rate: number;
	keepAlive: boolean;
	/** The client retries a request reset on a reused connection, once (see Traffic). */
	retry?: boolean;
	host?: string;
	snapshotMs?: number;
	slowEvery?: number;
	slowMinMs?: number;
	slowMaxMs?: number;
	fastMinMs?: number;
	fastMaxMs?: number;
	timeoutMs?: number;
	maxRequests?: number;
	maxDurationMs?: number;
	/** How long "drain" waits for the old server's close before moving on. */
	drainDeadlineMs?: number;
	/** In a polite drain, how long idle keep-alive connections get before they are cut. */
	politeGraceMs?: number;
	/** Simulated Kubernetes: how long after SIGTERM the pod's endpoint is removed. */
	endpointLagMs?: number;
	/** The proxy's idle timeout and a simulated network between it and the versions. */
	proxy?: ProxyOptions;
	/** The new version loads what it serves this long after it is deployed, answering 503 meanwhile, ms. */
	newWarmUpMs?: number;
	/** The versions' server.keepAliveTimeout (Node's default: 5 s on Node 20 to 26). */
	appKeepAliveTimeoutMs?: number;
	/** What the lesson calls its versions in the steps' words (blue and green); old and new by default. */
	names?: {old: string; new: string};
	/** Clients that send in bursts: `size` requests every `everyMs`, instead of a steady rate. */
	burst?: {everyMs: number; size: number};
	seed?: number;
};

export const defaults = {
	host: '127.0.0.1',
	rate: 100,
	snapshotMs: 100,
	slowEvery: 10,
	slowMinMs: 1000,
	slowMaxMs: 2000,
	fastMinMs: 10,
	fastMaxMs: 30,
	timeoutMs: 5000,
	maxDurationMs: 10 * 60 * 1000,
	drainDeadlineMs: 5000,
	politeGraceMs: 250,
	endpointLagMs: 400,
	seed: 1,
} as const;
