import {EventEmitter} from 'node:events';
import {ClusterWorker} from './cluster.js';
import {freePort} from './port.js';
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

export type StepSpec = {action: string; target: Version};

type Action = (
	run: Deployment,
	server: VersionServer,
) => Promise<Omit<StepResult, 'durationMs'>>;

/**
 * The engine's named actions. A lesson's steps refer to them by name;
 * they are the only code that touches sockets.
 */
const actions: Record<string, Action> = {
	async start(run, server) {
		const result = await run.listen(server);
		if (result.ok) run.startTraffic();
		return result;
	},
	async deploy(_run, server) {
		server.deploy();
		return {ok: true, detail: `${server.label} version loaded, not listening yet`};
	},
	async 'try-listen'(run, server) {
		return run.listen(server);
	},
	async listen(run, server) {
		return run.listen(server);
	},
	async 'stop-accepting'(_run, server) {
		if (server.state !== 'listening' && server.state !== 'closing') {
			return {ok: false, detail: `${server.label} server was not running`};
		}

		const listened = server.hasListened;
		const cut = server.stopAccepting();
		// A version fed by a shared listener has no listener of its own, and Node's close() cannot see its
		// connections: the version cuts its idle ones itself, as close() does for a server that listened.
		return listened
			? {ok: true, detail: `close() called: listening socket closed${cut > 0 ? `, ${cut} idle connection(s) cut` : ''}`}
			: {ok: true, detail: `no listener of its own to close; its ${cut} idle connection(s) cut at once, as close() does for a server that listened`};
	},
	async drain(run, server) {
		const open = server.connections;
		const drained = await server.drain(run.drainDeadlineMs);
		// A version fed by a shared listener never listened: it has no close callback, only connections that end.
		const callback = server.hasListened;
		if (drained) {
			return {
				ok: true,
				detail: callback ? `close callback ran: ${open} open connection(s) finished` : `all ${open} open connection(s) ended (it never listened: no close callback)`,
			};
		}

		// The real code would wait here for ever (busy keep-alive connections never close by themselves).
		// The engine's own deadline, not the lesson's code, cuts them, so the lesson can go on; it says so.
		const cut = server.cutRemaining();
		return {
			ok: false,
			code: 'DRAIN_TIMEOUT',
			detail: `${callback ? 'the close callback had not run' : 'connections still open'} after ${run.drainDeadlineMs} ms: the engine's deadline (not your code) cut ${cut} connection(s) so the lesson can go on`,
		};
	},
	async 'shared-listen'(run, server) {
		const result = await run.shared.listen(run.port, run.host);
		if (!result.ok) return {ok: false, code: result.code, detail: `listen(${run.port}) failed: ${result.code}`};
		if (run.port === 0) run.port = result.port;
		run.shared.target = server;
		server.serving();
		run.startTraffic();
		return {ok: true, detail: `a shared listener on ${run.host}:${result.port} hands connections to ${server.label}`};
	},
	async 'hand-over'(run, server) {
		if (!run.shared.listening) return {ok: false, detail: 'no shared listener to hand over'};
		const previous = run.shared.target;
		const held = run.shared.holding;
		run.shared.target = server;
		server.serving();
		if (previous && previous !== server) previous.handedOver();
		return {
			ok: true,
			detail: `new connections now go to ${server.label}; the port never closed${previous ? `; ${previous.label} keeps ${previous.connections} open connection(s)` : ''}${held > 0 ? `; ${held} held connection(s) released to it` : ''}`,
		};
	},
	async 'start-reuse-port'(run, server) {
		const result = await run.listen(server, true);
		if (result.ok) run.startTraffic();
		return result;
	},
	async 'listen-reuse-port'(run, server) {
		return run.listen(server, true);
	},
	async fork(run, server) {
		if (run.port === 0) run.port = await freePort(run.host);
		const worker = run.fork(server.version);
		const result = await worker.listening();
		if (!result.ok) return {ok: false, code: result.code, detail: `worker listen failed: ${result.code}`};
		run.startTraffic();
		return {ok: true, detail: `${server.label} worker (pid ${worker.pid}) listens through the primary, which owns ${run.host}:${run.port}`};
	},
	async 'worker-close'(run, server) {
		const worker = run.workers[server.version];
		if (!worker) return {ok: false, detail: `no ${server.label} worker`};
		worker.stopAccepting();
		const drained = await worker.drain(run.drainDeadlineMs);
		const cut = drained ? 0 : worker.stats.connections;
		await worker.exit();
		return drained
			? {ok: true, detail: `server.close() in the ${server.label} worker; it finished its connections and exited`}
			: {ok: false, code: 'DRAIN_TIMEOUT', detail: `the ${server.label} worker still had ${cut} connection(s) after ${run.drainDeadlineMs} ms: killed`};
	},
	async 'worker-drain-politely'(run, server) {
		const worker = run.workers[server.version];
		if (!worker) return {ok: false, detail: `no ${server.label} worker`};
		const {drained, cut} = await worker.drainPolitely(run.politeGraceMs, run.drainDeadlineMs);
		await worker.exit();
		return drained
			? {ok: true, detail: `the ${server.label} worker drained politely, none cut, and exited`}
			: {ok: false, code: 'DRAIN_TIMEOUT', detail: `deadline reached: ${cut} connection(s) cut; the worker exited`};
	},
	async 'proxy-listen'(run, server) {
		const backend = await server.listen(0, run.host);
		if (!backend.ok) return {ok: false, code: backend.code, detail: `backend listen failed: ${backend.code}`};
		const front = await run.proxy.listen(run.port);
		if (!front.ok) return {ok: false, code: front.code, detail: `proxy listen(${run.port}) failed: ${front.code}`};
		if (run.port === 0) run.port = front.port;
		run.proxy.route(server);
		run.startTraffic();
		return {ok: true, detail: `a proxy on ${run.host}:${front.port} sends every request to ${server.label} on port ${backend.port}`};
	},
	async 'backend-listen'(run, server) {
		const backend = await server.listen(0, run.host);
		if (!backend.ok) return {ok: false, code: backend.code, detail: `listen failed: ${backend.code}`};
		return {ok: true, detail: `${server.label} listens on its own port ${backend.port}; the proxy does not send it anything yet`};
	},
	async flip(run, server) {
		run.proxy.route(server);
		return {ok: true, detail: `the proxy now sends every new request to ${server.label}`};
	},
	async 'close-all'(_run, server) {
		const cut = server.closeAll();
		return {ok: true, detail: `close() and closeAllConnections(): ${cut} connection(s) cut at once`};
	},
	async 'endpoints-add'(run, server) {
		run.proxy.add(server);
		return {ok: true, detail: `${server.label} is ready: the Ingress now spreads requests over ${run.proxy.targets.length} endpoint(s)`};
	},
	async 'sigterm-exit'(run, server) {
		run.proxy.removeAfter(server, run.endpointLagMs);
		const cut = server.connections;
		server.stop();
		return {ok: true, detail: `SIGTERM: ${server.label} exits at once (${cut} connection(s) cut); its endpoint goes in ${run.endpointLagMs} ms`};
	},
	async 'sigterm-close'(run, server) {
		run.proxy.removeAfter(server, run.endpointLagMs);
		server.stopAccepting();
		return {ok: true, detail: `SIGTERM: ${server.label} calls close() at once; its endpoint goes in ${run.endpointLagMs} ms`};
	},
	async 'prestop-sleep'(run, server) {
		run.proxy.removeAfter(server, run.endpointLagMs);
		const sleep = run.endpointLagMs + 200;
		await new Promise(resolve => {
			setTimeout(resolve, sleep);
		});
		return {ok: true, detail: `preStop: ${server.label} kept serving ${sleep} ms while its endpoint was removed (after ${run.endpointLagMs} ms)`};
	},
	async hold(run, server) {
		if (!run.shared.listening) return {ok: false, detail: 'no shared listener to hold connections'};
		run.shared.target = undefined;
		server.handedOver();
		return {ok: true, detail: 'the listener stays open; new connections wait in it for the next version'};
	},
	async 'drain-politely'(run, server) {
		const open = server.connections;
		const {drained, cut} = await server.drainPolitely(run.politeGraceMs, run.drainDeadlineMs);
		if (drained) {
			return {ok: true, detail: `drained politely: ${open} connection(s) ended, none cut`};
		}

		return {ok: false, code: 'DRAIN_TIMEOUT', detail: `deadline reached after ${run.drainDeadlineMs} ms: ${cut} connection(s) cut`};
	},
	async 'inject-error'(run, server) {
		const count = 5;
		run.failNext(server, 'throw', count);
		return {ok: true, detail: `the ${server.label} handler throws on its next ${count} requests; Express answers each with a 500`};
	},
	async 'inject-hang'(run, server) {
		const count = 3;
		run.failNext(server, 'hang', count);
		return {
			ok: true,
			detail: `the ${server.label} handler never answers its next ${count} requests; each client gives up after ${run.timeoutMs} ms`,
		};
	},
	async crash(run, server) {
		const worker = run.workers[server.version];
		if (worker) {
			const {pid} = worker;
			const cut = worker.stats.connections;
			worker.kill();
			await worker.killed();
			return {ok: true, detail: `the ${server.label} worker (pid ${pid}) was killed with SIGKILL: ${cut} connection(s) cut`};
		}

		const cut = server.connections;
		server.stop();
		return {
			ok: true,
			detail: `${server.label} crashed: its listener and ${cut} connection(s) went with it (as when a process dies)`,
		};
	},
	async observe() {
		return {ok: true, detail: 'nothing changes: watching who answers'};
	},
	async stop(_run, server) {
		const cut = server.connections;
		server.stop();
		return {ok: true, detail: `${server.label} server stopped; ${cut} connection(s) cut`};
	},
};

export const actionNames = Object.keys(actions);

/** Actions on a server that must have started (listened, or taken connections) first. */
const needsAServer = new Set([
	'stop-accepting',
	'drain',
	'stop',
	'inject-error',
	'inject-hang',
	'crash',
	'drain-politely',
	'close-all',
	'sigterm-exit',
	'sigterm-close',
	'prestop-sleep',
	'worker-close',
	'worker-drain-politely',
]);

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
			maxRequests:
				options.maxRequests ??
				Math.ceil((rate * (options.maxDurationMs ?? defaults.maxDurationMs)) / 1000),
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
			const idle =
				this.traffic.state !== 'running' &&
				this.traffic.state !== 'paused' &&
				!this.busy &&
				this.traffic.totals.inFlight === 0;
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
			oldest && newest && newest.at > oldest.at
				? Math.round(((newest.sent - oldest.sent) * 1000) / (newest.at - oldest.at))
				: 0;
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
			gapMs:
				this.firstFailureAt === undefined
					? undefined
					: this.lastFailureAt! - this.firstFailureAt,
			steps,
			currentStep: this.currentStep,
			busy: this.busy,
			finished: this.finished,
		};
	}
}
