import http from 'node:http';
import {monitorEventLoopDelay, type IntervalHistogram} from 'node:perf_hooks';
import {seededRandom} from '../random.js';
import {emptyCounts, type Counts, type Outcome, type Schedule, type TrafficState} from '../types.js';
import {Histogram} from './histogram.js';
import {oneRequest, type RequestHandle} from './one-request.js';
import {Timeline} from './timeline.js';
import {routeOf} from './routes.js';
import {behindLateMs, slowConnectMs, type TrafficOptions} from './options.js';

type InFlight = {request: RequestHandle; timer: NodeJS.Timeout};

/**
 * An open-loop load: requests start on a fixed schedule whether or not the
 * earlier ones have finished, because a client that waits for answers
 * hides an outage. Every request ends in exactly one outcome.
 */
export class Traffic {
	state: TrafficState = 'idle';
	readonly totals: Counts = emptyCounts();
	/** Every ended request's outcome, by when it was sent. */
	readonly timeline = new Timeline();
	/** The answers the clients saw, by status code ("200": n, "502": m). */
	readonly statuses: Record<string, number> = {};
	readonly byTag = new Map<number, Counts>();
	/** With routes: each path's requests and where they ended, whenever that was. */
	readonly byPath = new Map<string, Counts>();
	readonly latency = new Histogram();
	/** Requests sent a second time after a reset on a reused connection (each still ends in one outcome). */
	retried = 0;
	/** The ids of the requests counted as timeouts (a request's id is its index in the run). */
	readonly timedOut: number[] = [];
	/** Connections that took slowConnectMs or more to be accepted. */
	slowConnects = 0;
	/** The ids of timeouts still waiting then for their connection, or that waited slowConnectMs for it. */
	readonly timedOutConnecting: number[] = [];
	/** How late each send went out against its schedule, ms. */
	private readonly lateness = new Histogram();
	/** The event-loop delay while the load runs (this process runs the load, and the versions). */
	private readonly loopDelay: IntervalHistogram = monitorEventLoopDelay({resolution: 10});
	private agent: http.Agent;
	/** Agents replaced by a keep-alive switch; destroyed on dispose. */
	private readonly retired: http.Agent[] = [];
	private rate: number;
	private keepAlive: boolean;
	private readonly retry: boolean;
	/** The schedule counts from here: requests due = baseSent + rate × (now − baseAt). */
	private baseAt = 0;
	private baseSent = 0;
	private readonly random: () => number;
	private readonly inFlight = new Set<InFlight>();
	private ticker: NodeJS.Timeout | undefined;
	private startedAt = 0;
	private readonly settledWaiters = new Set<() => void>();
	private disposed = false;

	constructor(private readonly options: TrafficOptions) {
		this.rate = options.burst ? Math.round((options.burst.size * 1000) / options.burst.everyMs) : options.rate;
		this.keepAlive = options.keepAlive;
		this.retry = options.retry ?? false;
		this.agent = this.makeAgent();
		this.random = seededRandom(options.seed);
	}

	get currentRate(): number {
		return this.rate;
	}

	get currentKeepAlive(): boolean {
		return this.keepAlive;
	}

	get currentRetry(): boolean {
		return this.retry;
	}

	/** Whether the load kept its schedule so far. */
	schedule(): Schedule {
		const late = this.lateness.summary();
		const delay = this.loopDelay.count > 0;
		const schedule = {
			lateP99Ms: Math.round(late.p99),
			lateMaxMs: Math.round(late.max),
			loopDelayP99Ms: delay ? Math.round(this.loopDelay.percentile(99) / 1e6) : 0,
			loopDelayMaxMs: delay ? Math.round(this.loopDelay.max / 1e6) : 0,
		};
		return {
			...schedule,
			slowConnects: this.slowConnects,
			behind: late.p99 > behindLateMs || late.max >= this.options.timeoutMs / 2 || this.slowConnects > 0,
		};
	}

	start(): void {
		if (this.state !== 'idle') return;
		this.startedAt = this.options.now();
		this.run();
	}

	/** Stops sending for now; resume() picks the schedule up again from that moment. */
	pause(): void {
		if (this.state !== 'running') return;
		this.halt();
		this.state = 'paused';
	}

	resume(): void {
		if (this.state === 'paused') this.run();
	}

	/** A new arrival rate, from now on. */
	setRate(rate: number): void {
		this.rebase();
		this.rate = rate;
		if (this.state === 'running') {
			this.halt();
			this.run();
		}
	}

	/** New requests use (or stop using) keep-alive; open sockets finish as they are. */
	setKeepAlive(keepAlive: boolean): void {
		if (keepAlive === this.keepAlive) return;
		this.keepAlive = keepAlive;
		this.retired.push(this.agent);
		this.agent = this.makeAgent();
	}

	/** Stops sending; requests already sent still finish. */
	stop(state: TrafficState = 'stopped'): void {
		this.halt();
		if (this.state === 'running' || this.state === 'idle' || this.state === 'paused') this.state = state;
	}

	private makeAgent(): http.Agent {
		return new http.Agent({keepAlive: this.keepAlive, maxSockets: Infinity});
	}

	private rebase(): void {
		this.baseAt = this.options.now();
		this.baseSent = this.totals.sent;
	}

	private run(): void {
		this.rebase();
		this.state = 'running';
		this.loopDelay.enable();
		const every = this.options.burst ? 2 : Math.max(2, Math.min(20, Math.floor(1000 / this.rate)));
		this.ticker = setInterval(() => {
			this.tick();
		}, every);
	}

	private halt(): void {
		this.loopDelay.disable();
		if (this.ticker) clearInterval(this.ticker);
		this.ticker = undefined;
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
		this.disposed = true;
		this.stop();
		for (const entry of this.inFlight) {
			clearTimeout(entry.timer);
			entry.request.abandon();
		}

		this.inFlight.clear();
		this.agent.destroy();
		for (const agent of this.retired) agent.destroy();
		for (const done of [...this.settledWaiters]) done();
	}

	private tick(): void {
		const {maxRequests, maxDurationMs, now} = this.options;
		const at = now();
		if (at - this.startedAt >= maxDurationMs || this.totals.sent >= maxRequests) {
			this.stop('capped');
			return;
		}

		const burst = this.options.burst;
		const due = Math.min(
			maxRequests,
			burst
				? this.baseSent + (Math.floor((at - this.baseAt) / burst.everyMs) + 1) * burst.size
				: this.baseSent + Math.floor(((at - this.baseAt) * this.rate) / 1000) + 1,
		);
		while (this.totals.sent < due) this.send(at - this.scheduledAt(this.totals.sent));
	}

	/** When the request with this id was due, by the schedule since the last rebase. */
	private scheduledAt(id: number): number {
		const since = id - this.baseSent;
		const burst = this.options.burst;
		return burst ? this.baseAt + Math.floor(since / burst.size) * burst.everyMs : this.baseAt + (since * 1000) / this.rate;
	}

	private send(lateMs: number): void {
		this.lateness.add(lateMs);
		const o = this.options;
		const id = this.totals.sent;
		const slow = o.slowEvery > 0 && id % o.slowEvery === o.slowEvery - 1;
		const delay = slow
			? o.slowMinMs + this.random() * (o.slowMaxMs - o.slowMinMs)
			: o.fastMinMs + this.random() * (o.fastMaxMs - o.fastMinMs);
		const tag = o.tag();
		const counts = this.countsFor(tag);
		const route = o.routes && o.routes.length > 0 ? routeOf(o.routes, this.random()) : undefined;
		const ofPath = route ? this.pathCounts(route.path) : undefined;
		const sentAt = o.now();
		this.totals.sent++;
		this.totals.inFlight++;
		counts.sent++;
		counts.inFlight++;
		if (ofPath) {
			ofPath.sent++;
			ofPath.inFlight++;
		}

		// Where the request is, by step: the step it was sent in, until a new connection of its opens in a later one. It is
		// in flight there (so a step whose requests have all ended stays ended), and its answer or timeout counts there.
		let reached = counts;
		let done = false;
		const finish = (outcome: Outcome, status?: number) => {
			if (done) return;
			done = true;
			if (status !== undefined) this.statuses[status] = (this.statuses[status] ?? 0) + 1;
			clearTimeout(entry.timer);
			this.inFlight.delete(entry);
			const at = o.now();
			this.totals.inFlight--;
			this.totals[outcome]++;
			if (ofPath) {
				ofPath.inFlight--;
				ofPath[outcome]++;
			}

			reached.inFlight--;
			// An answer or a timeout counts under the step in which its connection reached a server: the step it was sent
			// in, unless its connection opened in a later one (sent as nothing listened, taken once the next step
			// listened: an answer of that step). A refusal, a reset or an error answer counts under the step during
			// which it happened (a reset by the close() of the next step shows there).
			const happened = outcome === 'old' || outcome === 'new' || outcome === 'timeout' ? reached : this.countsFor(o.tag());
			happened[outcome]++;
			// The timeline shows every outcome by when its request was sent.
			this.timeline.add(sentAt, outcome);
			if (outcome === 'old' || outcome === 'new') {
				this.latency.add(at - sentAt);
			} else {
				o.onFailure(outcome, at, {id, sentAt, ...(status === undefined ? {} : {status})});
			}

			if (this.inFlight.size === 0) {
				for (const waiter of [...this.settledWaiters]) waiter();
			}
		};

		const entry: InFlight = {
			request: oneRequest(
				{
					host: o.host,
					port: o.port,
					path: route?.path ?? `/?delay=${Math.round(delay)}&id=${id}`,
					...o.request,
					agent: this.agent,
					retry: this.retry && !this.disposed,
					now: o.now,
					sentAt,
					servedBelow: o.servedBelow ?? 400,
					id,
				},
				{
					connected: ms => {
						if (ms >= slowConnectMs) this.slowConnects++;
						const now = this.countsFor(o.tag());
						if (now !== reached && !done) {
							reached.inFlight--;
							now.inFlight++;
							reached = now;
						}
					},
					retried: () => {
						this.retried++;
					},
					done: finish,
				},
			),
			timer: setTimeout(() => {
				this.timedOut.push(id);
				const {connectMs} = entry.request;
				if (connectMs === undefined || connectMs >= slowConnectMs) this.timedOutConnecting.push(id);
				finish('timeout');
				entry.request.abandon();
			}, o.timeoutMs),
		};
		this.inFlight.add(entry);
	}

	private pathCounts(path: string): Counts {
		return countsIn(this.byPath, path);
	}

	private countsFor(tag: number): Counts {
		return countsIn(this.byTag, tag);
	}
}

/** The counts kept under this key, made (empty) the first time it is asked for. */
function countsIn<K>(map: Map<K, Counts>, key: K): Counts {
	let counts = map.get(key);
	if (!counts) {
		counts = emptyCounts();
		map.set(key, counts);
	}

	return counts;
}
