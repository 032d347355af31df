import http from 'node:http';
import type {Outcome} from '../types.js';

export type RequestOptions = {
	host: string;
	port: () => number;
	path: string;
	agent: http.Agent;
	/** Retry once a reset on a reused connection before any answer came (see TrafficOptions.retry). */
	retry: boolean;
	/** ms since the run began; when the request was sent. */
	now: () => number;
	sentAt: number;
	/** An answer with a status below this is served (400: a 4xx is a failure; 500: any non-5xx answer is the app's own). */
	servedBelow: number;
	/** Its number in the load, sent as X-Zdd-Request, so a balancer in front can say what became of it. */
	id: number;
	/** GET with no body, unless said. */
	method?: string;
	headers?: Readonly<Record<string, string>>;
	body?: string;
};

/** The header that numbers each request of the load. */
export const requestIdHeader = 'x-zdd-request';

export type RequestEvents = {
	/** Its connection opened this many ms after it was sent (0: a reused one). */
	connected: (ms: number) => void;
	/** It went out again on a fresh connection. */
	retried: () => void;
	/** Its one outcome, and the status of the answer when one came; never called twice, nor after abandon(). */
	done: (outcome: Outcome, status?: number) => void;
};

export type RequestHandle = {
	/** How long its connection took to open; undefined while it still waits for one. */
	readonly connectMs: number | undefined;
	/** Stops it without an outcome (a timeout counted by the caller, or the run torn down). */
	abandon(): void;
};

/** One request, from sending to its one outcome: answered by a version, a 5xx or other answer, refused, reset. */
export function oneRequest(o: RequestOptions, on: RequestEvents): RequestHandle {
	let settled = false;
	let connectMs: number | undefined;
	let current: http.ClientRequest;
	const done = (outcome: Outcome, status?: number) => {
		if (settled) return;
		settled = true;
		on.done(outcome, status);
	};

	const attempt = (retried: boolean) => {
		connectMs = undefined;
		const request = http.request({
			host: o.host,
			port: o.port(),
			path: o.path,
			method: o.method ?? 'GET',
			headers: {...o.headers, [requestIdHeader]: String(o.id)},
			// A retry goes out on a fresh connection, as the docs advise: another pooled one may be closing too.
			agent: retried ? false : o.agent,
		});
		current = request;
		request.on('socket', socket => {
			if (!socket.connecting) {
				connectMs = 0;
				return;
			}

			socket.once('connect', () => {
				connectMs = o.now() - o.sentAt;
				on.connected(connectMs);
			});
		});
		request.on('response', response => {
			// The balancer in front names the instance that answered; without one, the version names itself.
			const version = response.headers['x-zdd-instance'] ?? response.headers['x-version'];
			const status = response.statusCode ?? 0;
			response.on('error', () => {
				done('reset');
			});
			response.on('end', () => {
				if (status >= 500) done('status5xx', status);
				else if (status >= o.servedBelow) done('other', status);
				else done(version === 'old' || version === 'new' ? version : 'other', status);
			});
			response.on('close', () => {
				if (!response.complete) done('reset');
			});
			response.resume();
		});
		request.on('error', (error: NodeJS.ErrnoException) => {
			if (settled) return;
			// The documented safe case: no answer began, and the connection was a reused one.
			if (o.retry && !retried && request.reusedSocket && error.code === 'ECONNRESET') {
				on.retried();
				attempt(true);
				return;
			}

			done(classify(error));
		});
		request.end(o.body);
	};

	attempt(false);
	return {
		get connectMs() {
			return connectMs;
		},
		abandon() {
			settled = true;
			current.removeAllListeners('response');
			current.on('error', () => {});
			current.destroy();
		},
	};
}

export function classify(error: NodeJS.ErrnoException): Outcome {
	switch (error.code) {
		case 'ECONNREFUSED': {
			return 'refused';
		}

		case 'ECONNRESET':
		case 'EPIPE':
		case 'ECONNABORTED': {
			return 'reset';
		}

		default: {
			return error.message === 'socket hang up' ? 'reset' : 'other';
		}
	}
}
