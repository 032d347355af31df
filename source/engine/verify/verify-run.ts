import {mkdirSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {AppProcess, describeCommand, type AppCommand} from '../backends/app-process.js';
import {Proxy, type EndpointRecord} from '../front-doors/proxy.js';
import {defaults} from '../options.js';
import {freePort} from '../port.js';
import {Traffic} from '../traffic/traffic.js';
import type {TimelineData} from '../traffic/timeline.js';
import {IdleProbe, type IdleKeepAlive} from './idle-probe.js';
import {alive, answers2xx, sleep} from './probe.js';
import {outcomeCounts, type Counts, type Latency, type OutcomeCounts, type Schedule, type ServerSnapshot, type Version} from '../types.js';

export type VerifySettings = {
	app: AppCommand;
	rate: number;
	keepAlive: boolean;
	/** What the orchestrator sends to end the old instance (SIGTERM; SIGINT for PM2). */
	signal: NodeJS.Signals;
	/** How long after the signal the balancer stops sending to the old instance, ms (0: before the signal, a blue/green flip). */
	lagMs: number;
	/** How long the old instance has to exit after the signal before SIGKILL, ms. */
	graceMs: number;
	/** A readiness path: the new instance counts as ready when it answers 2xx there, not when it listens. */
	readyPath?: string;
	/**
	 * The balancer's idle timeout, ms: how long it keeps an idle connection to
	 * an instance. When set, an idle connection to the new instance measures
	 * whether the app lets go of one sooner.
	 */
	balancerIdleMs?: number;
	/** How long an instance may take to listen (and be ready), ms. */
	startTimeoutMs: number;
	/** The old instance alone under load before the new one starts, and the new one alone at the end, ms. */
	settleMs: number;
	/** The app's stdout and stderr go here. */
	logFile: string;
	timeoutMs?: number;
	seed?: number;
};

/** When things happened, ms since the run began. */
export type VerifyTimes = {
	newListening?: number;
	newReady?: number;
	newAdded?: number;
	signalled?: number;
	removed?: number;
	oldExited?: number;
	oldKilled?: number;
	end?: number;
};

/** Everything measured: the load's outcomes, the balancer's view of each instance, the old process's fate. */
export type VerifyMeasurement = {
	settings: Omit<VerifySettings, 'app'> & {command: string};
	node: string;
	counts: OutcomeCounts;
	latency: Latency;
	schedule: Schedule;
	gapMs?: number;
	times: VerifyTimes;
	/** Each failure the clients saw, and when. */
	failures: Array<{at: number; outcome: string}>;
	/** Every request's outcome, by when it was sent. */
	timeline: TimelineData;
	endpoints: Record<Version, EndpointRecord>;
	old: {
		pid?: number;
		exitCode: number | null;
		exitSignal: NodeJS.Signals | null;
		killed: boolean;
		/** The app's own processes (those that listened) still alive when the first process exited. */
		appAliveAfterExit: boolean;
		/** Requests the balancer still had under way with it when it was killed. */
		openAtKill: number;
		/** Idle connections the balancer still kept alive to it then (a close() waits for them). */
		keptAliveAtKill: number;
	};
	/** Listens beyond the first, as the preload saw them (a second server in the app). */
	extraListens: number;
	/** One idle keep-alive connection to the new instance, when the balancer's idle timeout was given. */
	idleKeepAlive?: IdleKeepAlive;
};

/** A verify run as it goes, for a live screen. */
export type VerifyLive = {
	at: number;
	counts: Counts;
	/** Each instance: its state, its pid, and what the balancer counts for it. */
	instances: Partial<Record<Version, ServerSnapshot & {pid?: number}>>;
	/** The instances the balancer sends new requests to now. */
	routed: Version[];
	/** The stages so far, when (ms). */
	events: Array<{at: number; what: string}>;
	/** Every ended request's outcome, by when it was sent. */
	timeline: TimelineData;
	/** First to last failure so far, ms (by when they failed); undefined while none has. */
	gapMs?: number;
	/** When the load stopped, ms (what follows is not measured by the load). */
	loadStoppedAt?: number;
};

/** The app could not be verified: it did not start, or never listened. One line, and what the app itself said. */
export class VerifyError extends Error {
	constructor(
		message: string,
		readonly log: string,
	) {
		super(message);
	}
}

/**
 * A deploy of the learner's own app, as an orchestrator does it, under the
 * lessons' open-loop load through a balancer (the in-process proxy): the old
 * instance up and serving; the new one started, counted ready, added; the
 * old one signalled, removed after the lag, given the grace, then killed;
 * the new one alone for a while; then everything stopped. It owns every
 * socket and process it opens; dispose() leaves nothing.
 */
export class VerifyRun {
	readonly host = '127.0.0.1';
	readonly times: VerifyTimes = {};
	private readonly startedAt = performance.now();
	private readonly proxy: Proxy;
	private readonly traffic: Traffic;
	private readonly failures: Array<{at: number; outcome: string}> = [];
	private readonly apps: Partial<Record<Version, AppProcess>> = {};
	private idleProbe: IdleProbe | undefined;
	private readonly reportDir = path.join(os.tmpdir(), `zdd-verify-${process.pid}-${Math.round(this.startedAt)}`);
	private frontPort = 0;
	private readonly events: Array<{at: number; what: string}> = [];
	private disposed = false;

	constructor(
		readonly settings: VerifySettings,
		/** Told of each stage as it happens, for a live account. */
		private readonly tell: (what: string, at: number) => void = () => {},
	) {
		this.proxy = new Proxy(this.host, {now: () => this.now()});
		const maxDurationMs = 10 * 60 * 1000;
		this.traffic = new Traffic({
			host: this.host,
			port: () => this.frontPort,
			rate: settings.rate,
			keepAlive: settings.keepAlive,
			// The learner's app ignores ?delay=: every request is as slow as the app makes it.
			slowEvery: 0,
			slowMinMs: 0,
			slowMaxMs: 0,
			fastMinMs: 0,
			fastMaxMs: 0,
			timeoutMs: settings.timeoutMs ?? defaults.timeoutMs,
			maxDurationMs,
			maxRequests: Math.ceil((settings.rate * maxDurationMs) / 1000),
			seed: settings.seed ?? defaults.seed,
			now: () => this.now(),
			tag: () => 0,
			onFailure: (outcome, at) => {
				this.failures.push({at, outcome});
			},
			// Any answer that is not a 5xx is the app's own (a 404 on / is an answer).
			servedBelow: 500,
		});
	}

	now(): number {
		return performance.now() - this.startedAt;
	}

	/** What is happening now. */
	live(): VerifyLive {
		const instances: VerifyLive['instances'] = {};
		for (const [version, app] of Object.entries(this.apps) as Array<[Version, AppProcess]>)
			instances[version] = {...app.snapshot(), pid: app.pid};
		const routed = (Object.entries(this.apps) as Array<[Version, AppProcess]>)
			.filter(([, app]) => this.proxy.targets.includes(app))
			.map(([version]) => version);
		return {
			at: this.now(),
			counts: {...this.traffic.totals},
			instances,
			routed,
			events: [...this.events],
			timeline: this.traffic.timeline.data(),
			...(this.failures.length > 0 ? {gapMs: this.failures.at(-1)!.at - this.failures[0]!.at} : {}),
			...(this.times.end === undefined ? {} : {loadStoppedAt: this.times.end}),
		};
	}

	private onEvent(what: string, at: number): void {
		this.events.push({at, what});
		this.tell(what, at);
	}

	private mark(key: keyof VerifyTimes, what: string): void {
		const at = this.now();
		this.times[key] = at;
		this.onEvent(what, at);
	}

	private async startApp(version: Version): Promise<AppProcess> {
		mkdirSync(this.reportDir, {recursive: true});
		const app = new AppProcess({
			version,
			app: this.settings.app,
			port: await freePort(this.host),
			host: this.host,
			logFile: this.settings.logFile,
			reportFile: path.join(this.reportDir, `${version}.jsonl`),
			stats: () => {
				const record = this.proxy.record(app);
				return {served: record.answered, connections: record.inFlight};
			},
			onChange: () => {},
		});
		this.stillOn();
		this.apps[version] = app;
		app.start();
		const started = await app.listening(this.settings.startTimeoutMs);
		if (!started.ok) {
			const why = {
				SPAWN_FAILED: `could not start ${this.settings.app.command}: ${started.detail}`,
				EXITED: `the ${version} instance ${started.detail} before it listened`,
				NO_LISTEN: `the ${version} instance never listened within ${this.settings.startTimeoutMs} ms (${app.groupAlive() ? 'it is still running, with no port' : 'it is gone'})`,
			}[started.code];
			throw new VerifyError(why, this.settings.logFile);
		}

		return app;
	}

	/** Polls the readiness path on the instance's own port until it answers 2xx. */
	private async ready(port: number, readyPath: string): Promise<void> {
		const ready = await answers2xx(this.host, port, readyPath, this.settings.startTimeoutMs, () => this.disposed);
		if (!ready && !this.disposed) {
			throw new VerifyError(
				`an instance never answered 2xx on ${readyPath} within ${this.settings.startTimeoutMs} ms`,
				this.settings.logFile,
			);
		}
	}

	/** Stopped (the learner left, or a signal): no further step, no new process. */
	private stillOn(): void {
		if (this.disposed) throw new VerifyError('the run was stopped', this.settings.logFile);
	}

	/** The whole deploy; resolves with what was measured. Throws VerifyError when the app cannot be verified. */
	async run(): Promise<VerifyMeasurement> {
		const s = this.settings;
		const old = await this.startApp('old');
		this.stillOn();
		// As an orchestrator would, the old instance gets traffic once it is ready, not before.
		if (s.readyPath) await this.ready(old.listens[0]!.port, s.readyPath);
		this.stillOn();
		const front = await this.proxy.listen(0);
		this.stillOn();
		if (!front.ok) throw new VerifyError(`the balancer could not listen: ${front.code}`, s.logFile);
		this.frontPort = front.port;
		this.proxy.route(old);
		this.traffic.start();
		this.onEvent(`old instance (pid ${old.pid}) serving through the balancer on ${this.host}:${front.port}`, this.now());
		await sleep(s.settleMs);
		this.stillOn();

		const fresh = await this.startApp('new');
		this.stillOn();
		this.mark('newListening', `new instance (pid ${fresh.pid}) listening`);
		if (s.readyPath) {
			await this.ready(fresh.listens[0]!.port, s.readyPath);
			this.stillOn();
			this.mark('newReady', `new instance answers 2xx on ${s.readyPath}`);
		}

		this.proxy.add(fresh);
		this.mark('newAdded', 'new instance added to the balancer');
		if (s.balancerIdleMs) {
			this.idleProbe = new IdleProbe(this.host, fresh.listens[0]!.port, s.readyPath);
			void this.idleProbe.start();
		}

		await sleep(Math.min(500, s.settleMs));
		this.stillOn();

		if (s.lagMs <= 0) {
			this.proxy.route(fresh);
			this.mark('removed', 'old instance removed from the balancer');
		}

		old.signal(s.signal);
		this.mark('signalled', `${s.signal} sent to the old instance (pid ${old.pid})`);
		if (s.lagMs > 0) {
			// The removal lands lagMs after the signal, as endpoint updates trail a pod's termination.
			void sleep(s.lagMs).then(() => {
				if (this.disposed) return;
				this.proxy.route(fresh);
				this.mark('removed', 'old instance removed from the balancer');
			});
		}

		// Gone means the command's first process and the app's own (those that listened) have all exited:
		// a wrapper such as npm may exit while the app it started goes on.
		const deadline = this.now() + s.graceMs;
		old.reports();
		const exited = await old.waitForExit(s.graceMs);
		this.stillOn();
		let appAliveAfterExit = false;
		let openAtKill = 0;
		let keptAliveAtKill = 0;
		while (exited && old.listens.some(listen => alive(listen.pid)) && this.now() < deadline) await sleep(20);
		if (exited && !old.listens.some(listen => alive(listen.pid))) {
			// The app's own process, when a wrapper started it: seen gone by the polling, within 20 ms.
			const wrapped = old.listens.some(listen => listen.pid !== old.pid);
			this.times.oldExited = wrapped ? this.now() : old.exitedAt! - this.startedAt;
			this.onEvent(`old instance exited (${old.exitSignal ?? `code ${old.exitCode}`})`, this.times.oldExited);
		} else {
			appAliveAfterExit = exited;
			openAtKill = this.proxy.record(old).inFlight;
			keptAliveAtKill = Math.max(0, this.proxy.openConnections(old) - openAtKill);
			await old.kill();
			this.stillOn();
			this.mark('oldKilled', `old instance still running after ${s.graceMs} ms: SIGKILL`);
		}

		// Whatever the old instance left behind goes with its group.
		old.killGroup();
		if (this.times.removed === undefined) await sleep(Math.max(0, s.lagMs - (this.now() - this.times.signalled!)));
		await sleep(s.settleMs);
		this.stillOn();
		this.traffic.stop();
		await this.traffic.settled((s.timeoutMs ?? defaults.timeoutMs) + 500);
		this.stillOn();
		this.mark('end', 'load stopped');
		// What the balancer saw until the load stopped: stopping the new instance afterwards is not measured.
		const ended = {old: structuredClone(this.proxy.record(old)), new: structuredClone(this.proxy.record(fresh))};
		const idleKeepAlive = await this.idleProbe?.finish(s.balancerIdleMs!, announcedMs => {
			this.onEvent(
				`waiting for the new instance to close an idle keep-alive connection (it announces ${announcedMs / 1000} s)`,
				this.now(),
			);
		});
		this.stillOn();
		await fresh.exit();
		this.stillOn();

		old.reports();
		fresh.reports();
		const totals = this.traffic.totals;
		const first = this.failures[0]?.at;
		const last = this.failures.at(-1)?.at;
		return {
			settings: {...s, command: describeCommand(s.app)},
			node: process.version,
			counts: outcomeCounts(totals),
			latency: this.traffic.latency.summary(),
			schedule: this.traffic.schedule(),
			gapMs: first === undefined ? undefined : last! - first,
			times: {...this.times},
			failures: [...this.failures],
			timeline: this.traffic.timeline.data(),
			endpoints: {old: ended.old, new: ended.new},
			old: {
				pid: old.pid,
				exitCode: old.exitCode,
				exitSignal: old.exitSignal,
				killed: this.times.oldKilled !== undefined,
				appAliveAfterExit,
				openAtKill,
				keptAliveAtKill,
			},
			extraListens: [...old.listens, ...fresh.listens].filter(listen => listen.extra).length,
			...(idleKeepAlive ? {idleKeepAlive} : {}),
		};
	}

	dispose(): void {
		if (this.disposed) return;
		this.disposed = true;
		this.traffic.dispose();
		this.proxy.dispose();
		this.idleProbe?.dispose();
		for (const app of Object.values(this.apps)) app.dispose();
		rmSync(this.reportDir, {recursive: true, force: true});
	}
}
