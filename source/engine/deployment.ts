import {EventEmitter} from 'node:events';
import {ClusterWorker} from './cluster.js';
import {actions, needsAServer, type ActionName} from './actions.js';
import {Proxy, type ProxyOptions} from './proxy.js';
import {SharedListener} from './shared-listener.js';
import {Traffic} from './traffic.js';
import {
	emptyCounts,
	type Outcome,
	type ServerSnapshot,
	type ServerState,
	type Snapshot,
	type StepResult,
	type StepSnapshot,
	type Version,
} from './types.js';
import {loadExpress, VersionServer, type Fault} from './version-server.js';

export type DeploymentOptions = {
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
	/** The versions' server.keepAliveTimeout (Node's default: 5 s). */
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

export type StepSpec = {action: ActionName; target: Version};

/** Whether this Node passes listen()'s reusePort on (22.12+, 23.1+); older ones ignore it without a word. */
export function reusePortHonoured(version = process.versions.node): boolean {
	const [major = 0, minor = 0] = version.split('.').map(Number);
	return major === 22 ? minor >= 12 : major === 23 ? minor >= 1 : major > 23;
}

/**
 * One run of a deploy: an old and a new version on real sockets, the load
 * aimed at them, and what happened to every request, step by step.
 * Emits 'snapshot' at a steady interval while anything moves.
 */
export type DeploymentEvents = {
	/** At a steady interval while anything moves, and at once on every change. */
	snapshot: [Snapshot];
	/** A server changed state (listening, error with its code, closing, closed, stopped). */
	state: [ServerSnapshot];
	/** A step's action finished, with what the engine saw. */
	step: [StepSnapshot];
};

export class Deployment extends EventEmitter<DeploymentEvents> {
	readonly host: string;
	readonly drainDeadlineMs: number;
	/** A request with no full answer by then is a timeout. */
	readonly timeoutMs: number;
	readonly politeGraceMs: number;
	readonly endpointLagMs: number;
	readonly shared = new SharedListener();
	readonly proxy: Proxy;
	/** Worker processes of the cluster lesson, by version. */
	readonly workers: Partial<Record<Version, ClusterWorker>> = {};
	readonly servers: Record<Version, VersionServer>;
	port: number;
	private readonly createdAt = performance.now();
	private readonly traffic: Traffic;
	private readonly steps: StepSnapshot[] = [];
	private currentStep = -1;
	private busy = false;
	private finished = false;
	private disposed = false;
	private firstFailureAt: number | undefined;
	private lastFailureAt: number | undefined;
	private readonly sentHistory: Array<{at: number; sent: number}> = [];
	private ticker: NodeJS.Timeout | undefined;
	private readonly snapshotMs: number;
	private latest: Snapshot | undefined;

	constructor(readonly options: DeploymentOptions) {
		super();
		this.host = options.host ?? defaults.host;
		this.port = options.port;
		this.drainDeadlineMs = options.drainDeadlineMs ?? defaults.drainDeadlineMs;
		this.timeoutMs = options.timeoutMs ?? defaults.timeoutMs;
		this.politeGraceMs = options.politeGraceMs ?? defaults.politeGraceMs;
		this.endpointLagMs = options.endpointLagMs ?? defaults.endpointLagMs;
		this.proxy = new Proxy(this.host, options.proxy);
		this.snapshotMs = options.snapshotMs ?? defaults.snapshotMs;
		const changed = (server: VersionServer) => {
			if (!this.disposed) this.emit('state', server.snapshot());
			this.emitSnapshot();
		};

		this.servers = {
			old: new VersionServer('old', changed, options.appKeepAliveTimeoutMs, options.names?.old),
			new: new VersionServer('new', changed, options.appKeepAliveTimeoutMs, options.names?.new),
		};
		const rate = options.rate;
		this.traffic = new Traffic({
			host: this.host,
			port: () => this.port,
			rate,
			keepAlive: options.keepAlive,
			retry: options.retry,
			burst: options.burst,
			slowEvery: options.slowEvery ?? defaults.slowEvery,
			slowMinMs: options.slowMinMs ?? defaults.slowMinMs,
			slowMaxMs: options.slowMaxMs ?? defaults.slowMaxMs,
			fastMinMs: options.fastMinMs ?? defaults.fastMinMs,
			fastMaxMs: options.fastMaxMs ?? defaults.fastMaxMs,
			timeoutMs: this.timeoutMs,
			maxDurationMs: options.maxDurationMs ?? defaults.maxDurationMs,
			maxRequests: options.maxRequests ?? Math.ceil((rate * (options.maxDurationMs ?? defaults.maxDurationMs)) / 1000),
			seed: options.seed ?? defaults.seed,
			now: () => this.now(),
			tag: () => this.currentStep,
			onFailure: (_outcome: Outcome, at: number) => {
				this.firstFailureAt ??= at;
				this.lastFailureAt = at;
			},
		});
	}

	now(): number {
		return performance.now() - this.createdAt;
	}

	/** Performs one step on the real servers; its window lasts until the next step. */
	async perform(index: number, step: StepSpec): Promise<StepResult> {
		// A key that arrives as the learner leaves: nothing to do, and nothing to crash over.
		if (this.disposed) return {ok: false, code: 'DISPOSED', detail: 'the run was closed', durationMs: 0};
		await loadExpress();
		// Disposed while Express was loading (the learner left): touch no socket.
		if (this.disposed) return {ok: false, code: 'DISPOSED', detail: 'the run was closed', durationMs: 0};
		const action = actions[step.action];
		if (!action) throw new Error(`unknown engine action "${step.action}"`);
		this.closeCurrentStep();
		const startedAt = this.now();
		const record: StepSnapshot = {
			index,
			action: step.action,
			target: step.target,
			startedAt,
			counts: emptyCounts(),
			before: this.states(),
			states: this.states(),
		};
		this.steps.push(record);
		this.currentStep = index;
		this.busy = true;
		this.startTicker();
		this.emitSnapshot();
		let result: StepResult;
		try {
			const refused = this.refusal(step);
			const outcome = refused ?? (await action(this, this.servers[step.target]));
			result = {...outcome, durationMs: this.now() - startedAt};
		} catch (error) {
			result = {
				ok: false,
				detail: error instanceof Error ? error.message : String(error),
				durationMs: this.now() - startedAt,
			};
		}

		record.result = result;
		record.doneAt = this.now();
		this.busy = false;
		const snapshot = this.emitSnapshot();
		if (!this.disposed) this.emit('step', snapshot.steps[snapshot.steps.length - 1]!);
		return result;
	}

	/**
	 * An action that cannot apply to the server as it is, refused the same way
	 * for every action: nothing to close, drain, stop, break or crash on a server
	 * that never started, nor to stop or crash twice.
	 */
	private refusal(step: StepSpec): Omit<StepResult, 'durationMs'> | undefined {
		const state = this.states()[step.target];
		if (state === 'not-started' && needsAServer.has(step.action)) {
			return {ok: false, code: 'NOT_STARTED', detail: `the ${this.servers[step.target].label} server has not started: nothing to do`};
		}

		const server = this.servers[step.target];
		if ((step.action === 'flip' || step.action === 'endpoints-add') && server.port === undefined && !server.hasListened) {
			return {ok: false, code: 'NO_ADDRESS', detail: `${server.label} has never listened: no address to send requests to`};
		}

		// A drain waits for connections to end; one still taking new connections never drains.
		if (step.action === 'drain' && state === 'listening') {
			return {
				ok: false,
				code: 'STILL_ACCEPTING',
				detail: `${server.label} still takes new connections: a drain would never end; close it (or hand over) first`,
			};
		}

		if (state === 'stopped' && (step.action === 'stop' || step.action === 'crash')) {
			return {ok: false, code: 'STOPPED', detail: `the ${this.servers[step.target].label} server has already stopped`};
		}

		return undefined;
	}

	/** listen() on the run's port; the first successful listen fixes the port. */
	async listen(server: VersionServer, reusePort = false): Promise<Omit<StepResult, 'durationMs'>> {
		const result = await server.listen(this.port, this.host, reusePort);
		if (!result.ok) {
			return {
				ok: false,
				code: result.code,
				detail: `listen(${this.port}) failed: ${result.code}`,
			};
		}

		if (this.port === 0) this.port = result.port;
		if (reusePort && !reusePortHonoured()) {
			return {
				ok: true,
				detail: `listening on ${this.host}:${result.port}, but without reusePort: Node ${process.versions.node} ignores the option (22.12+ and 23.1+ honour it)`,
			};
		}

		return {ok: true, detail: `listening on ${this.host}:${result.port}${reusePort ? ' with reusePort' : ''}`};
	}

	/** The version's next `count` requests meet a broken handler, in its worker process if it has one. */
	failNext(server: VersionServer, fault: Fault, count: number): void {
		const worker = this.workers[server.version];
		if (worker) worker.failNext(fault, count);
		else server.failNext(fault, count);
	}

	/** A real worker process for this version, this process being the cluster primary. */
	fork(version: Version): ClusterWorker {
		if (this.disposed) throw new Error('the run was closed');
		this.workers[version]?.dispose();
		const worker = new ClusterWorker(version, this.port, this.host, () => {
			this.emitSnapshot();
		});
		this.workers[version] = worker;
		return worker;
	}

	startTraffic(): void {
		this.traffic.start();
		this.startTicker();
	}

	/** Sandbox controls: start, pause or resume the load. */
	toggleTraffic(): void {
		if (this.traffic.state === 'idle') this.traffic.start();
		else if (this.traffic.state === 'running') this.traffic.pause();
		else if (this.traffic.state === 'paused') this.traffic.resume();
		this.startTicker();
		this.emitSnapshot();
	}

	setRate(rate: number): void {
		this.traffic.setRate(rate);
		this.emitSnapshot();
	}

	setKeepAlive(keepAlive: boolean): void {
		this.traffic.setKeepAlive(keepAlive);
		this.emitSnapshot();
	}

	/** Ends the run: no new requests; waits for those in flight to finish. */
	async finish(): Promise<Snapshot> {
		if (!this.finished) {
			this.traffic.stop();
			await this.traffic.settled((this.options.timeoutMs ?? defaults.timeoutMs) + 500);
			this.closeCurrentStep();
			this.finished = true;
		}

		return this.emitSnapshot();
	}

	snapshot(): Snapshot {
		this.latest ??= this.buildSnapshot();
		return this.latest;
	}

	dispose(): void {
		if (this.disposed) return;
		this.disposed = true;
		this.stopTicker();
		this.traffic.dispose();
		this.shared.dispose();
		this.proxy.dispose();
		for (const worker of Object.values(this.workers)) worker.dispose();
		this.servers.old.dispose();
		this.servers.new.dispose();
		this.removeAllListeners();
	}

	private serverSnapshots(): Record<Version, ServerSnapshot> {
		return {
			old: {...(this.workers.old?.stats ?? this.servers.old.snapshot())},
			new: {...(this.workers.new?.stats ?? this.servers.new.snapshot())},
		};
	}

	private states(): Record<Version, ServerState> {
		const state = (version: Version) => this.workers[version]?.stats.state ?? this.servers[version].state;
		return {old: state('old'), new: state('new')};
	}

	private closeCurrentStep(): void {
		const last = this.steps.at(-1);
		if (last && last.endedAt === undefined) {
			last.endedAt = this.now();
			last.states = this.states();
			last.servers = this.serverSnapshots();
		}
	}

	private emitSnapshot(): Snapshot {
		this.latest = this.buildSnapshot();
		if (!this.disposed) this.emit('snapshot', this.latest);
		return this.latest;
	}

	private startTicker(): void {
		if (this.ticker || this.disposed) return;
		this.ticker = setInterval(() => {
			const at = this.now();
			this.sentHistory.push({at, sent: this.traffic.totals.sent});
			while (this.sentHistory.length > 2 && at - this.sentHistory[0]!.at > 1000) this.sentHistory.shift();
			this.emitSnapshot();
			const idle = this.traffic.state !== 'running' && this.traffic.state !== 'paused' && !this.busy && this.traffic.totals.inFlight === 0;
			if (idle) this.stopTicker();
		}, this.snapshotMs);
	}

	/** Timeouts whose connection was slow to open, and that no version answered (those are answeredAfterTimeout). */
	private timedOutConnecting(): number {
		const answered = (id: number) =>
			(['old', 'new'] as const).some(version => (this.workers[version]?.answered ?? this.servers[version].answered).has(id));
		return this.traffic.timedOutConnecting.reduce((count, id) => count + (answered(id) ? 0 : 1), 0);
	}

	/** Requests the clients gave up on (timeouts) that this version answered all the same. */
	private answeredAfterTimeout(version: Version): number {
		const answered = this.workers[version]?.answered ?? this.servers[version].answered;
		return this.traffic.timedOut.reduce((count, id) => count + (answered.has(id) ? 1 : 0), 0);
	}

	private stopTicker(): void {
		if (this.ticker) clearInterval(this.ticker);
		this.ticker = undefined;
	}

	private buildSnapshot(): Snapshot {
		const traffic = this.traffic;
		const steps = this.steps.map(step => {
			const counts = {...(traffic.byTag.get(step.index) ?? emptyCounts())};
			const states = step.endedAt === undefined ? this.states() : step.states;
			return {...step, counts, states, result: step.result && {...step.result}};
		});
		// Requests sent over about the last second, by the clock rather than by tick count.
		const oldest = this.sentHistory[0];
		const newest = this.sentHistory.at(-1);
		const sendRate =
			oldest && newest && newest.at > oldest.at ? Math.round(((newest.sent - oldest.sent) * 1000) / (newest.at - oldest.at)) : 0;
		return {
			at: this.now(),
			port: this.port,
			host: this.host,
			targetRate: traffic.currentRate,
			keepAlive: traffic.currentKeepAlive,
			retry: traffic.currentRetry,
			retried: traffic.retried,
			traffic: traffic.state,
			servers: this.serverSnapshots(),
			totals: {...traffic.totals},
			latency: traffic.latency.summary(),
			sendRate,
			schedule: traffic.schedule(),
			answeredAfterTimeout: {old: this.answeredAfterTimeout('old'), new: this.answeredAfterTimeout('new')},
			timedOutConnecting: this.timedOutConnecting(),
			firstFailureAt: this.firstFailureAt,
			lastFailureAt: this.lastFailureAt,
			gapMs: this.firstFailureAt === undefined ? undefined : this.lastFailureAt! - this.firstFailureAt,
			steps,
			currentStep: this.currentStep,
			busy: this.busy,
			finished: this.finished,
		};
	}
}
