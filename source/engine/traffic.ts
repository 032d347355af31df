import http from 'node:http';
import {Histogram} from './histogram.js';
import {seededRandom} from './random.js';
import {
	emptyCounts,
	type Counts,
	type Outcome,
	type TrafficState,
} from './types.js';

export type TrafficOptions = {
	host: string;
	/** Read at every request, so a later listen on another port is followed. */
	port: () => number;
	/** Requests started per second, on schedule (open loop). */
	rate: number;
	keepAlive: boolean;
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
	/** The tag (step index) a request is counted under. */
	tag: () => number;
	onFailure: (outcome: Outcome, at: number) => void;
};

type InFlight = {request: http.ClientRequest; timer: NodeJS.Timeout};

/**
 * An open-loop load: requests start on a fixed schedule whether or not the
 * earlier ones have finished, because a client that waits for answers
 * hides an outage. Every request ends in exactly one outcome.
 */
export class Traffic {
	state: TrafficState = 'idle';
	readonly totals: Counts = emptyCounts();
	readonly byTag = new Map<number, Counts>();
	readonly latency = new Histogram();
	private readonly agent: http.Agent;
	private readonly random: () => number;
	private readonly inFlight = new Set<InFlight>();
	private ticker: NodeJS.Timeout | undefined;
	private startedAt = 0;
	private readonly settledWaiters = new Set<() => void>();

	constructor(private readonly options: TrafficOptions) {
		this.agent = new http.Agent({
			keepAlive: options.keepAlive,
			maxSockets: Infinity,
		});
		this.random = seededRandom(options.seed);
	}

	start(): void {
		if (this.state !== 'idle') return;
		this.state = 'running';
		this.startedAt = this.options.now();
		const every = Math.max(2, Math.min(20, Math.floor(1000 / this.options.rate)));
		this.ticker = setInterval(() => {
			this.tick();
		}, every);
	}

	/** Stops sending; requests already sent still finish. */
	stop(state: TrafficState = 'stopped'): void {
		if (this.ticker) clearInterval(this.ticker);
		this.ticker = undefined;
		if (this.state === 'running' || this.state === 'idle') this.state = state;
	}

	/** Resolves when no request is in flight (or after maxMs). */
	async settled(maxMs: number): Promise<void> {
		if (this.inFlight.size === 0) return;
		await new Promise<void>(resolve => {
			const done = () => {
				clearTimeout(timer);
				this.settledWaiters.delete(done);
				resolve();
			};

			const timer = setTimeout(done, maxMs);
			this.settledWaiters.add(done);
		});
	}

	/** Tears everything down; requests still in flight are abandoned uncounted. */
	dispose(): void {
		this.stop();
		for (const entry of this.inFlight) {
			clearTimeout(entry.timer);
			entry.request.removeAllListeners('response');
			entry.request.on('error', () => {});
			entry.request.destroy();
		}

		this.inFlight.clear();
		this.agent.destroy();
		for (const done of [...this.settledWaiters]) done();
	}

	private tick(): void {
		const {rate, maxRequests, maxDurationMs, now} = this.options;
		const elapsed = now() - this.startedAt;
		if (elapsed >= maxDurationMs || this.totals.sent >= maxRequests) {
			this.stop('capped');
			return;
		}

		const due = Math.min(maxRequests, Math.floor((elapsed * rate) / 1000) + 1);
		while (this.totals.sent < due) this.send();
	}

	private send(): void {
		const o = this.options;
		const id = this.totals.sent;
		const slow = o.slowEvery > 0 && id % o.slowEvery === o.slowEvery - 1;
		const delay = slow
			? o.slowMinMs + this.random() * (o.slowMaxMs - o.slowMinMs)
			: o.fastMinMs + this.random() * (o.fastMaxMs - o.fastMinMs);
		const tag = o.tag();
		const counts = this.countsFor(tag);
		const sentAt = o.now();
		this.totals.sent++;
		this.totals.inFlight++;
		counts.sent++;
		counts.inFlight++;

		let done = false;
		const finish = (outcome: Outcome) => {
			if (done) return;
			done = true;
			clearTimeout(entry.timer);
			this.inFlight.delete(entry);
			const at = o.now();
			this.totals.inFlight--;
			this.totals[outcome]++;
			counts.inFlight--;
			counts[outcome]++;
			if (outcome === 'old' || outcome === 'new') {
				this.latency.add(at - sentAt);
			} else {
				o.onFailure(outcome, at);
			}

			if (this.inFlight.size === 0) {
				for (const waiter of [...this.settledWaiters]) waiter();
			}
		};

		const request = http.request({
			host: o.host,
			port: o.port(),
			path: `/?delay=${Math.round(delay)}`,
			agent: this.agent,
		});
		const entry: InFlight = {
			request,
			timer: setTimeout(() => {
				finish('timeout');
				request.destroy();
			}, o.timeoutMs),
		};
		this.inFlight.add(entry);

		request.on('response', response => {
			const version = response.headers['x-version'];
			const ok = response.statusCode !== undefined && response.statusCode < 400;
			response.on('error', () => {
				finish('reset');
			});
			response.on('end', () => {
				if (!ok) finish('other');
				else finish(version === 'old' || version === 'new' ? version : 'other');
			});
			response.on('close', () => {
				if (!response.complete) finish('reset');
			});
			response.resume();
		});
		request.on('error', (error: NodeJS.ErrnoException) => {
			finish(classify(error));
		});
		request.end();
	}

	private countsFor(tag: number): Counts {
		let counts = this.byTag.get(tag);
		if (!counts) {
			counts = emptyCounts();
			this.byTag.set(tag, counts);
		}

		return counts;
	}
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
