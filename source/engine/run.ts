import {EventEmitter} from 'node:events';
import {actions, type ActionName} from './actions/index.js';
import type {ActionEntry, ActionRun} from './actions/action.js';
import type {Backend, SocketServer} from './backends/backend.js';
import {WorkerProcess} from './backends/worker-process.js';
import {loadExpress} from './backends/express-app.js';
import {InProcessServer} from './backends/in-process.js';
import {FrontDoor} from './front-doors/front-door.js';
import {Measurement} from './measurement.js';
import type {RunSnapshot, StepSnapshot} from './snapshot.js';
import {defaults, type RunOptions} from './options.js';
import {Traffic} from './traffic/traffic.js';
import {
	emptyCounts,
	type ActionResult,
	type Outcome,
	type ServerSnapshot,
	type ServerState,
	type StepResult,
	type Version,
} from './types.js';

export type StepSpec = {action: ActionName; target: Version};

export type RunEvents = {
	/** At a steady interval while anything moves, and at once on every change. */
	snapshot: [RunSnapshot];
	/** A server changed state (listening, error with its code, closing, closed, stopped). */
	state: [ServerSnapshot];
	/** A step's action finished, with what the engine saw. */
	step: [StepSnapshot];
};

/**
 * One run of a deploy: an old and a new version on real sockets, the front
 * door that holds the public port, the load aimed at it, and what happened
 * to every request, step by step.
 */
export class DeployRun extends EventEmitter<RunEvents> implements ActionRun {
	readonly drainDeadlineMs: number;
	/** A request with no full answer by then is a timeout. */
	readonly timeoutMs: number;
	readonly politeGraceMs: number;
	readonly endpointLagMs: number;
	readonly door: FrontDoor;
	/** Each version's server in this process; a version forked into a worker process runs there instead (see backend). */
	readonly servers: Record<Version, SocketServer>;
	private readonly workers: Partial<Record<Version, WorkerProcess>> = {};
	private readonly createdAt = performance.now();
	private readonly traffic: Traffic;
	private readonly measurement: Measurement;
	private readonly steps: StepSnapshot[] = [];
	private currentStep = -1;
	private busy = false;
	private finished = false;
	private disposed = false;
	/** Whether dispose() has run: a waiting action stops waiting. */
	get isDisposed(): boolean {
		return this.disposed;
	}

	private ticker: NodeJS.Timeout | undefined;
	private readonly snapshotMs: number;
	private latest: RunSnapshot | undefined;

	constructor(readonly options: RunOptions) {
		super();
		const host = options.host ?? defaults.host;
		this.door = new FrontDoor(host, options.port, options.proxy);
		this.drainDeadlineMs = options.drainDeadlineMs ?? defaults.drainDeadlineMs;
		this.timeoutMs = options.timeoutMs ?? defaults.timeoutMs;
		this.politeGraceMs = options.politeGraceMs ?? defaults.politeGraceMs;
		this.endpointLagMs = options.endpointLagMs ?? defaults.endpointLagMs;
		this.snapshotMs = options.snapshotMs ?? defaults.snapshotMs;
		const changed = (server: SocketServer) => {
			if (!this.disposed) this.emit('state', server.snapshot());
			this.emitSnapshot();
		};

		this.servers = {
			old: new InProcessServer('old', changed, options.appKeepAliveTimeoutMs, options.names?.old),
			new: new InProcessServer('new', changed, options.appKeepAliveTimeoutMs, options.names?.new),
		};
		this.servers.new.warmUpMs = options.newWarmUpMs ?? 0;
		const rate = options.rate;
		const maxDurationMs = options.maxDurationMs ?? defaults.maxDurationMs;
		this.traffic = new Traffic({
			host,
			port: () => this.door.port,
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
			maxDurationMs,
			maxRequests: options.maxRequests ?? Math.ceil((rate * maxDurationMs) / 1000),
			seed: options.seed ?? defaults.seed,
			now: () => this.now(),
			tag: () => this.currentStep,
			onFailure: (_outcome: Outcome, at: number) => {
				this.measurement.failed(at);
			},
		});
		this.measurement = new Measurement(this.traffic, version => this.backend(version));
	}

	get host(): string {
		return this.door.host;
	}

	get port(): number {
		return this.door.port;
	}

	now(): number {
		return performance.now() - this.createdAt;
	}

	/** Whatever runs this version now: its worker process once forked, its in-process server otherwise. */
	backend(version: Version): Backend {
		return this.workers[version] ?? this.servers[version];
	}

	/** Performs one step on the real servers; its window lasts until the next step. */
	async perform(index: number, step: StepSpec): Promise<StepResult> {
		const closed: StepResult = {ok: false, code: 'DISPOSED', detail: 'the run was closed', durationMs: 0};
		// A key that arrives as the learner leaves: nothing to do, and nothing to crash over.
		if (this.disposed) return closed;
		await loadExpress();
		// Disposed while Express was loading (the learner left): touch no socket.
		if (this.disposed) return closed;
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
			const outcome = this.refusal(step, action) ?? (await action.perform(this, this.servers[step.target]));
			result = {...outcome, durationMs: this.now() - startedAt};
		} catch (error) {
			result = {ok: false, detail: error instanceof Error ? error.message : String(error), durationMs: this.now() - startedAt};
		}

		record.result = result;
		record.doneAt = this.now();
		this.busy = false;
		const snapshot = this.emitSnapshot();
		if (!this.disposed) this.emit('step', snapshot.steps.at(-1)!);
		return result;
	}

	/**
	 * An action that cannot apply to the server as it is, refused the same way
	 * for every action that needs a server (nothing to close, drain, stop or
	 * break on a server that never started), then by the action's own rule.
	 */
	private refusal(step: StepSpec, action: ActionEntry): ActionResult | undefined {
		const state = this.states()[step.target];
		const server = this.servers[step.target];
		if (state === 'not-started' && action.needsAServer) {
			return {ok: false, code: 'NOT_STARTED', detail: `the ${server.label} server has not started: nothing to do`};
		}

		return action.refuses?.(server, state);
	}

	/** A real worker process for this version, this process being the cluster primary (the port reserved first). */
	fork(version: Version): WorkerProcess {
		if (this.disposed) throw new Error('the run was closed');
		this.workers[version]?.dispose();
		const worker = new WorkerProcess(
			version,
			this.door.port,
			this.door.host,
			() => {
				this.emitSnapshot();
			},
			this.servers[version].label,
		);
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
	async finish(): Promise<RunSnapshot> {
		if (!this.finished) {
			this.traffic.stop();
			await this.traffic.settled(this.timeoutMs + 500);
			this.closeCurrentStep();
			this.finished = true;
		}

		return this.emitSnapshot();
	}

	snapshot(): RunSnapshot {
		this.latest ??= this.buildSnapshot();
		return this.latest;
	}

	dispose(): void {
		if (this.disposed) return;
		this.disposed = true;
		this.stopTicker();
		this.traffic.dispose();
		this.door.dispose();
		for (const worker of Object.values(this.workers)) worker.dispose();
		for (const server of Object.values(this.servers)) server.dispose();
		this.removeAllListeners();
	}

	private serverSnapshots(): Record<Version, ServerSnapshot> {
		return {old: this.backend('old').snapshot(), new: this.backend('new').snapshot()};
	}

	private states(): Record<Version, ServerState> {
		return {old: this.backend('old').state, new: this.backend('new').state};
	}

	private closeCurrentStep(): void {
		const last = this.steps.at(-1);
		if (last && last.endedAt === undefined) {
			last.endedAt = this.now();
			last.states = this.states();
			last.servers = this.serverSnapshots();
			last.gapMs = this.measurement.figures().gapMs;
		}
	}

	private emitSnapshot(): RunSnapshot {
		this.latest = this.buildSnapshot();
		if (!this.disposed) this.emit('snapshot', this.latest);
		return this.latest;
	}

	private startTicker(): void {
		if (this.ticker || this.disposed) return;
		this.ticker = setInterval(() => {
			this.measurement.tick(this.now());
			this.emitSnapshot();
			const idle = this.traffic.state !== 'running' && this.traffic.state !== 'paused' && !this.busy && this.traffic.totals.inFlight === 0;
			if (idle) this.stopTicker();
		}, this.snapshotMs);
	}

	private stopTicker(): void {
		if (this.ticker) clearInterval(this.ticker);
		this.ticker = undefined;
	}

	private buildSnapshot(): RunSnapshot {
		const traffic = this.traffic;
		const steps = this.steps.map(step => {
			const counts = {...(traffic.byTag.get(step.index) ?? emptyCounts())};
			const states = step.endedAt === undefined ? this.states() : step.states;
			return {...step, counts, states, result: step.result && {...step.result}};
		});
		return {
			at: this.now(),
			port: this.door.port,
			host: this.door.host,
			targetRate: traffic.currentRate,
			keepAlive: traffic.currentKeepAlive,
			retry: traffic.currentRetry,
			retried: traffic.retried,
			traffic: traffic.state,
			servers: this.serverSnapshots(),
			totals: {...traffic.totals},
			timeline: traffic.timeline.data(),
			latency: traffic.latency.summary(),
			schedule: traffic.schedule(),
			...this.measurement.figures(),
			steps,
			currentStep: this.currentStep,
			busy: this.busy,
			finished: this.finished,
		};
	}
}
