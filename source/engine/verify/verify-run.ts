import path from 'node:path';
import {describeCommand, type AppProcess} from '../backends/app-process.js';
import {crashedBefore, startApp, untilReady, type StartContext} from './start-app.js';
import {oldListens} from './choose.js';
import {Balancer} from '../front-doors/proxy.js';
import {defaults} from '../options.js';
import type {Traffic} from '../traffic/traffic.js';
import {loadFigures, verifyLoad} from './load.js';
import {IdleProbe} from './idle-probe.js';
import {alive, sleep} from '../probe.js';
import type {Version} from '../types.js';
import {Stages, stageOf} from './stages.js';
import {Gate} from './gate.js';
import {
	behind,
	leaveRunDir,
	VerifyError,
	type Crash,
	type FailedRequest,
	type VerifyLive,
	type VerifyMeasurement,
	type VerifySettings,
	type VerifyStage,
	type VerifyTimes,
} from './measurement.js';

/**
 * A deploy of the learner's own app, as an orchestrator does it, under the
 * lessons' open-loop load through a balancer (the in-process proxy): the old
 * instance up and serving; the new one started, counted ready, added; the
 * old one signalled, removed after the lag, given the grace, then killed;
 * the new one alone for a while; then everything stopped. It owns every
 * socket and process it opens; dispose() leaves nothing but, when asked,
 * the folder with the app's output.
 */
export class VerifyRun {
	readonly host = '127.0.0.1';
	readonly times: VerifyTimes = {};
	private readonly startedAt = performance.now();
	private readonly proxy: Balancer;
	private readonly traffic: Traffic;
	private readonly failures: Array<Omit<FailedRequest, 'upstream'>> = [];
	private readonly apps: Partial<Record<Version, AppProcess>> = {};
	private readonly crashes: Partial<Record<Version, Crash>> = {};
	private idleProbe: IdleProbe | undefined;
	private frontPort = 0;
	private readonly events: Array<{at: number; what: string}> = [];
	private disposed = false;
	private keepingLog = false;
	private readonly stages = new Stages();
	private readonly gate: Gate;

	constructor(
		readonly settings: VerifySettings,
		/** Told of each stage as it happens, for a live account. */
		private readonly tell: (what: string, at: number) => void = () => {},
		/** Stepped: each operator's step (see deployPlan) waits for next(); the orchestrator's go on their own clock. */
		stepped = false,
	) {
		this.gate = new Gate(stepped, this.logFile);
		this.proxy = new Balancer(this.host, {now: () => this.now()});
		this.traffic = verifyLoad(settings, {
			host: this.host,
			port: () => this.frontPort,
			now: () => this.now(),
			tag: () => this.stages.current,
			onFailure: (outcome, at, request) => {
				this.failures.push({...request, at, outcome: outcome as FailedRequest['outcome']});
			},
		});
	}

	/** The app's output, in this run's folder. */
	get logFile(): string {
		return path.join(this.settings.runDir, 'app.log');
	}

	now(): number {
		return performance.now() - this.startedAt;
	}

	/** What starting an instance needs of this run; the run owns each process from the moment it exists. */
	private get starting(): StartContext {
		return {
			settings: this.settings,
			host: this.host,
			logFile: this.logFile,
			stats: app => {
				const record = this.proxy.record(app);
				return {served: record.answered, connections: record.inFlight};
			},
			adopt: (version, app) => {
				this.stillOn();
				this.apps[version] = app;
			},
			stillOn: this.stillOn.bind(this),
			stopped: () => this.disposed,
		};
	}

	/** What is happening now. */
	live(): VerifyLive {
		const apps = Object.entries(this.apps) as Array<[Version, AppProcess]>;
		return {
			at: this.now(),
			counts: {...this.traffic.totals},
			statuses: {...this.traffic.statuses},
			instances: Object.fromEntries(apps.map(([version, app]) => [version, {...app.snapshot(), pid: app.pid}])),
			routed: apps.filter(([, app]) => this.proxy.targets.includes(app)).map(([version]) => version),
			events: [...this.events],
			steps: this.stages.steps(this.traffic.byTag, this.times.end ?? this.now()),
			...(this.gate.stage ? {waiting: this.gate.stage} : {}),
			timeline: this.traffic.timeline.data(),
			...(this.failures.length > 0 ? {gapMs: this.failures.at(-1)!.at - this.failures[0]!.at} : {}),
			...(this.times.end === undefined ? {} : {loadStoppedAt: this.times.end}),
		};
	}

	/** Stepped: performs the operator's step the run waits for (live().waiting); false when none waits. */
	next(): boolean {
		return this.gate.next();
	}

	/** Stepped: waits for next() before the operator's step that begins this stage (or until `unless`, see Gate). */
	private readonly step = async (stage: VerifyStage, unless?: Promise<unknown>) =>
		this.gate.before(stage, unless).then(() => this.stillOn());

	private onEvent(what: string, at: number): void {
		this.events.push({at, what});
		this.tell(what, at);
	}

	/** A moment of the deploy; the stage it begins, if any (none: a moment that begins no stage). */
	private stamp(key: keyof VerifyTimes, what: string, stage = stageOf[key]): void {
		const at = this.now();
		this.times[key] = at;
		if (stage) this.stages.begin(stage, at);
		this.onEvent(what, at);
	}

	/** A Date.now() from the app's preload, on this run's clock. */
	private fromEpoch(epochMs: number): number {
		return epochMs - performance.timeOrigin - this.startedAt;
	}

	/** Stopped (the learner left, or a signal): no further step, no new process. */
	private stillOn(): void {
		if (this.disposed) throw new VerifyError('the run was stopped', this.logFile);
	}

	/** Notes an instance that exited before zdd-learn signalled it (called before its signal): it crashed. */
	private noteCrash(version: Version): void {
		const app = this.apps[version];
		if (!app || app.exitedAt === undefined || this.crashes[version]) return;
		const at = app.exitedAt - this.startedAt;
		this.crashes[version] = {at, exitCode: app.exitCode, exitSignal: app.exitSignal};
		this.onEvent(`the ${version} instance exited on its own (${app.exitSignal ?? `code ${app.exitCode}`}): it crashed`, at);
	}

	/** The whole deploy; resolves with what was measured. Throws VerifyError when the app cannot be verified. */
	async run(): Promise<VerifyMeasurement> {
		const s = this.settings;
		await this.step('old-serving');
		const {app: old, choice} = await startApp(this.starting, 'old');
		this.stamp('oldListening', `old instance (pid ${old.pid}) listening on ${this.host}:${choice.listen.port}`);
		// As an orchestrator would, the old instance gets traffic once it is ready, not before.
		if (s.readyPath) await untilReady(this.starting, choice.listen.port, s.readyPath);
		this.stillOn();
		const front = await this.proxy.listen(0);
		this.stillOn();
		if (!front.ok) throw new VerifyError(`the balancer could not listen: ${front.code}`, this.logFile);
		this.frontPort = front.port;
		this.proxy.route(old);
		this.stages.begin('old-serving', this.now());
		this.traffic.start();
		this.onEvent(`old instance (pid ${old.pid}) serving through the balancer on ${this.host}:${front.port}`, this.now());
		// Stepped, the wait for the learner's key is the old instance's time alone.
		if (!this.gate.stepped) await old.waitForExit(s.settleMs);
		this.stillOn();
		// Gone before the deploy began: there is no deploy to measure, only an app that does not stay up.
		const goneBefore = () => {
			if (old.exitedAt === undefined) return;
			throw new VerifyError(crashedBefore(old, old.exitedAt - this.startedAt - this.times.oldListening!, 'the deploy began'), this.logFile);
		};
		goneBefore();
		await this.step('new-listening', old.whenExited()); // dead while the learner reads: no deploy to go on with
		goneBefore();

		const {app: fresh} = await startApp(this.starting, 'new', {old, choice});
		this.stillOn();
		this.stamp('newListening', `new instance (pid ${fresh.pid}) listening`);
		if (s.readyPath) {
			await untilReady(this.starting, fresh.measured!.port, s.readyPath);
			this.stillOn();
			this.stamp('newReady', `new instance answers 2xx on ${s.readyPath}`);
		}

		await this.step('new-added');
		this.proxy.add(fresh);
		this.stamp('newAdded', 'new instance added to the balancer');
		if (s.balancerIdleMs) {
			this.idleProbe = new IdleProbe(this.host, fresh.measured!.port, s.readyPath);
			void this.idleProbe.start();
		}

		if (!this.gate.stepped) await sleep(Math.min(500, s.settleMs));
		this.stillOn();
		this.noteCrash('old');

		if (s.lagMs <= 0) {
			await this.step('removed');
			this.proxy.route(fresh);
			this.stamp('removed', 'old instance removed from the balancer');
		}

		await this.step('signalled');
		this.noteCrash('old');

		// What the app closed before its signal (a port finder's probe) is not its shutdown: read now, it is set apart.
		const closedBefore = new Set(old.reports().filter(listen => listen.closeCalledAt !== undefined));
		// No signal was sent: no stage of the signal (its failures stay in the stage in which it crashed).
		if (this.crashes.old) this.stamp('signalled', `the old instance had already exited: no ${s.signal} to send`, undefined);
		else {
			old.signal(s.signal);
			this.stamp('signalled', `${s.signal} sent to the old instance (pid ${old.pid})`);
		}

		if (s.lagMs > 0) {
			// The removal lands lagMs after the signal, as endpoint updates trail a pod's termination.
			void sleep(s.lagMs).then(() => {
				if (this.disposed) return;
				this.proxy.route(fresh);
				this.stamp('removed', 'old instance removed from the balancer');
			});
		}

		const {appAliveAfterExit, openAtKill, keptAliveAtKill} = await this.ending(old);
		this.stillOn();

		// Whatever the old instance left behind goes with its group.
		old.killGroup();
		if (this.times.removed === undefined) await sleep(Math.max(0, s.lagMs - (this.now() - this.times.signalled!)));
		await sleep(s.settleMs);
		this.stillOn();
		// What came after the load's cap was not measured: a run must not pass on it.
		if (this.traffic.state === 'capped') throw new VerifyError('the load reached its 10-minute cap before the deploy ended', this.logFile);
		this.traffic.stop();
		await this.traffic.settled((s.timeoutMs ?? defaults.timeoutMs) + 500);
		this.stillOn();
		this.noteCrash('new');
		this.stamp('end', 'load stopped');
		// What the balancer saw until the load stopped: stopping the new instance afterwards is not measured.
		const ended = {old: structuredClone(this.proxy.record(old)), new: structuredClone(this.proxy.record(fresh))};
		const idleKeepAlive = await this.idleProbe?.finish(s.balancerIdleMs!, announcedMs => {
			this.onEvent(
				`waiting for the new instance to close an idle keep-alive connection (it announces ${announcedMs / 1000} s)`,
				this.now(),
			);
		});
		this.stillOn();
		this.noteCrash('new');
		await fresh.exit();
		this.stillOn();

		const {measured, otherListens, ...closing} = oldListens(old, choice, closedBefore, this.times.signalled!, epochMs =>
			this.fromEpoch(epochMs),
		);
		fresh.reports();
		const {runDir: _runDir, ...settings} = s;
		return {
			settings: {...settings, command: describeCommand(s.app), logFile: this.logFile},
			node: process.version,
			...loadFigures(this.traffic, this.stages, this.times.end!, this.failures),
			times: {...this.times},
			failures: this.failures.map(failure => behind(failure, this.proxy.failed.get(failure.id), {old, new: fresh})),
			crashes: {...this.crashes},
			measured,
			otherListens,
			endpoints: {old: ended.old, new: ended.new},
			old: {
				pid: old.pid,
				exitCode: old.exitCode,
				exitSignal: old.exitSignal,
				killed: this.times.oldKilled !== undefined,
				appAliveAfterExit,
				openAtKill,
				keptAliveAtKill,
				...closing,
				...(ended.old.lastAnsweredAt === undefined ? {} : {lastAnsweredAt: ended.old.lastAnsweredAt}),
			},
			...(ended.new.lastAnsweredAt === undefined ? {} : {newLastAnsweredAt: ended.new.lastAnsweredAt}),
			...(idleKeepAlive ? {idleKeepAlive} : {}),
		};
	}

	/**
	 * After the signal: the old instance exits within the grace, or is killed.
	 * Gone means the command's first process and the app's own (those that listened) have all exited:
	 * a wrapper such as npm may exit while the app it started goes on.
	 */
	private async ending(old: AppProcess): Promise<{appAliveAfterExit: boolean; openAtKill: number; keptAliveAtKill: number}> {
		const s = this.settings;
		const deadline = this.now() + s.graceMs;
		old.reports();
		const exited = await old.waitForExit(s.graceMs);
		this.stillOn();
		const appAlive = () => old.listens.some(listen => alive(listen.pid));
		while (exited && appAlive() && this.now() < deadline) await sleep(20);
		if (exited && !appAlive()) {
			// The app's own process, when a wrapper started it: seen gone by the polling, within 20 ms.
			const wrapped = old.listens.some(listen => listen.pid !== old.pid);
			this.times.oldExited = wrapped ? this.now() : old.exitedAt! - this.startedAt;
			if (!this.crashes.old) {
				// Requests sent from the moment it was seen gone count under its exit.
				this.stages.begin('old-exited', this.now());
				this.onEvent(`old instance exited (${old.exitSignal ?? `code ${old.exitCode}`})`, this.times.oldExited);
			}
			return {appAliveAfterExit: false, openAtKill: 0, keptAliveAtKill: 0};
		}

		const openAtKill = this.proxy.record(old).inFlight;
		const keptAliveAtKill = Math.max(0, this.proxy.openConnections(old) - openAtKill);
		// The failures the kill causes count under it: the stage begins before the process is gone.
		this.stages.begin('old-killed', this.now());
		await old.kill();
		this.stillOn();
		this.stamp('oldKilled', `old instance still running after ${s.graceMs} ms: SIGKILL`);
		return {appAliveAfterExit: exited, openAtKill, keptAliveAtKill};
	}

	/** The app's output is worth keeping (the deploy was not clean): dispose() leaves the run's folder with app.log in it. */
	keepLog(): void {
		this.keepingLog = true;
	}

	/** Leaves nothing: every process, socket and timer; the run's folder too, unless keepLog() was called. */
	dispose(): void {
		if (!this.disposed) {
			this.disposed = true;
			// A step waiting for its key goes on, to find the run stopped.
			this.next();
			this.traffic.dispose();
			this.proxy.dispose();
			this.idleProbe?.dispose();
			for (const app of Object.values(this.apps)) app.dispose();
		}

		leaveRunDir(this.settings.runDir, this.keepingLog ? this.logFile : undefined);
	}
}
