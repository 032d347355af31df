import type {Outcome} from '../types.js';
import type {LoadRequest, Route} from './routes.js';

/**
 * The load fell behind its schedule when its p99 send went out more than
 * this late (over a short run of under 100 sends, that is its latest one),
 * or any one by half the clients' timeout: the process could not carry the
 * load, so its timeouts say more about the machine than the deploy.
 */
export const behindLateMs = 100;

/**
 * A connection on loopback that took this long to open: its first attempt
 * was dropped by the kernel (a listen queue full, the process not accepting
 * fast enough; Linux tries again after a second), or this process was too
 * busy to notice it had opened. The machine, either way, not the deploy.
 */
export const slowConnectMs = 900;

export type TrafficOptions = {
	host: string;
	/** Read at every request, so a later listen on another port is followed. */
	port: () => number;
	/** Requests started per second, on schedule (open loop). */
	rate: number;
	keepAlive: boolean;
	/**
	 * The client retries a request once when it fails with ECONNRESET on a
	 * reused keep-alive connection before any answer came: the server closed
	 * that connection as the request went out, so it never saw the request.
	 * Safe for idempotent requests (all of these are GETs).
	 */
	retry?: boolean;
	/**
	 * Instead of a steady rate: `size` requests at once, every `everyMs`
	 * (the first burst at once). Clients that go quiet between bursts.
	 */
	burst?: {everyMs: number; size: number};
	/** One request in this many is slow (0: none). */
	slowEvery: number;
	slowMinMs: number;
	slowMaxMs: number;
	/** Handler time asked of an ordinary request. */
	fastMinMs: number;
	fastMaxMs: number;
	/** A request with no full answer by then is a timeout. */
	timeoutMs: number;
	/** Hard caps: the generator stops by itself at either. */
	maxRequests: number;
	maxDurationMs: number;
	seed: number;
	/** ms since the run began. */
	now: () => number;
	/**
	 * The step now: a request counts as sent under the step it was sent in, its answer or timeout under the one its
	 * connection reached a server in, a refusal, reset or error answer under the one it happened in.
	 */
	tag: () => number;
	/** Told of each failed request: when it failed, its number and when it was sent, and the status of its answer if one came. */
	onFailure: (outcome: Outcome, at: number, request: {id: number; sentAt: number; status?: number}) => void;
	/** See RequestOptions.servedBelow; 400 unless said. */
	servedBelow?: number;
	/**
	 * The learner's app's own routes, asked as they are (no ?delay, and its own method, headers and body),
	 * drawn by weight; without them, every request asks the lesson's app for its handler time.
	 */
	routes?: readonly Route[];
	request?: LoadRequest;
};
