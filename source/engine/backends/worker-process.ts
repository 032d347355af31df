import cluster, {type Worker} from 'node:cluster';
import {IdSet} from '../id-set.js';
import type {ServerSnapshot, ServerState, Version} from '../types.js';
import type {ForkedBackend} from './backend.js';
import {builtFile} from './built-file.js';
import type {Fault} from './express-app.js';

type Message =
	| ({type: 'stats'; answered: number[]} & ServerSnapshot)
	| {type: 'listening'; port: number}
	| {type: 'listen-error'; code: string}
	| {type: 'drained'; drained: boolean; cut: number};

/** One real worker process running one version, forked by this process as the cluster primary. */
export class WorkerProcess implements ForkedBackend {
	stats: ServerSnapshot;
	/** The ids of the requests the worker answered, as it reported them. */
	readonly answered = new IdSet();
	private readonly worker: Worker;
	private exited = false;
	private readonly waiting = new Set<(message: Message | undefined) => void>();

	constructor(
		readonly version: Version,
		port: number,
		host: string,
		private readonly onChange: () => void,
		readonly label: string = version,
	) {
		this.stats = {version, state: 'not-started', served: 0, connections: 0};
		cluster.setupPrimary({exec: builtFile('cluster-worker.js'), silent: true, args: []});
		this.worker = cluster.fork({ZDD_VERSION: version, ZDD_PORT: String(port), ZDD_HOST: host});
		this.worker.on('message', (message: Message) => {
			if (message.type === 'stats') {
				const {type: _type, answered, ...stats} = message;
				for (const id of answered) this.answered.add(id);
				this.stats = stats;
				this.onChange();
			}

			for (const resolve of [...this.waiting]) resolve(message);
		});
		// A message to a worker that is already leaving fails with an IPC error: that is an exit, not a crash.
		this.worker.on('error', () => {});
		this.worker.on('exit', () => {
			this.exited = true;
			this.stats = {...this.stats, state: this.stats.state === 'not-started' ? 'not-started' : 'stopped', connections: 0};
			this.onChange();
			for (const resolve of [...this.waiting]) resolve(undefined);
		});
	}

	get pid(): number | undefined {
		return this.worker.process.pid;
	}

	get state(): ServerState {
		return this.stats.state;
	}

	snapshot(): ServerSnapshot {
		return {...this.stats};
	}

	hasAnswered(id: number): boolean {
		return this.answered.has(id);
	}

	/** Resolves with the first message that matches, or undefined if the worker exits or time runs out. */
	private async next<T extends Message['type']>(types: T[], timeoutMs: number): Promise<Extract<Message, {type: T}> | undefined> {
		if (this.exited) return undefined;
		return new Promise(resolve => {
			const done = (message: Message | undefined) => {
				if (message && !types.includes(message.type as T)) return;
				clearTimeout(timer);
				this.waiting.delete(done);
				resolve(message as Extract<Message, {type: T}> | undefined);
			};

			const timer = setTimeout(() => {
				done(undefined);
			}, timeoutMs);
			this.waiting.add(done);
		});
	}

	async listening(timeoutMs = 10_000): Promise<{ok: true; port: number} | {ok: false; code: string}> {
		const message = await this.next(['listening', 'listen-error'], timeoutMs);
		if (!message) return {ok: false, code: 'WORKER_DID_NOT_START'};
		return message.type === 'listening' ? {ok: true, port: message.port} : {ok: false, code: message.code};
	}

	/** The worker's handler breaks for its next `count` requests. */
	failNext(fault: Fault, count: number): void {
		this.send({type: 'fault', fault, count});
	}

	/** A plain server.close() in the worker: it stops accepting, idle keep-alive connections are cut (the worker does not say how many). */
	stopAccepting(): undefined {
		this.send({type: 'stop-accepting'});
		return undefined;
	}

	private send(message: object): void {
		if (!this.exited && this.worker.isConnected()) this.worker.send(message);
	}

	/** Waits until the worker's connections have ended, at most deadlineMs. */
	async drain(deadlineMs: number): Promise<boolean> {
		if (this.exited) return true;
		this.send({type: 'drain', deadlineMs});
		const message = await this.next(['drained'], deadlineMs + 2000);
		return message?.drained ?? false;
	}

	/** The worker leaves the cluster and exits; SIGKILL if it is not gone within timeoutMs. */
	async exit(timeoutMs = 2000): Promise<void> {
		if (this.exited) return;
		if (this.worker.isConnected()) this.worker.disconnect();
		await this.killed(timeoutMs);
		if (!this.exited) {
			this.signalKill();
			await this.killed(timeoutMs);
		}
	}

	async drainPolitely(graceMs: number, deadlineMs: number): Promise<{drained: boolean; cut: number}> {
		if (this.exited) return {drained: true, cut: 0};
		this.send({type: 'drain-politely', graceMs, deadlineMs});
		const message = await this.next(['drained'], deadlineMs + 2000);
		return message ? {drained: message.drained, cut: message.cut} : {drained: false, cut: 0};
	}

	/** SIGKILL: whatever it held is cut. */
	async kill(): Promise<void> {
		this.signalKill();
		await this.killed();
	}

	private signalKill(): void {
		if (!this.exited) this.worker.process.kill('SIGKILL');
	}

	private async killed(timeoutMs = 2000): Promise<void> {
		if (this.exited) return;
		await new Promise<void>(resolve => {
			const timer = setTimeout(resolve, timeoutMs);
			this.worker.once('exit', () => {
				clearTimeout(timer);
				resolve();
			});
		});
	}

	dispose(): void {
		this.signalKill();
		for (const resolve of [...this.waiting]) resolve(undefined);
	}
}
