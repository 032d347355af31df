import {spawn, type ChildProcess} from 'node:child_process';
import {closeSync, existsSync, openSync, readFileSync, rmSync} from 'node:fs';
import path from 'node:path';
import type {ServerSnapshot, ServerState, Version} from '../types.js';
import {builtFile} from './built-file.js';
import {accepts} from '../probe.js';

/** How to start the learner's app: `node server.js` in its folder, or any command (npm start). */
export type AppCommand = {command: string; args: readonly string[]; cwd: string};

/** The command as a person would type it: `node server.js`, relative to where zdd-learn runs. */
export function describeCommand(app: AppCommand, cwd = process.cwd()): string {
	if (app.command !== process.execPath) return [app.command, ...app.args].join(' ');
	return ['node', ...app.args.map(arg => (path.isAbsolute(arg) ? path.relative(cwd, arg) || arg : arg))].join(' ');
}

/**
 * A listen() of the app, as the preload reported it (see app-preload.cts), or, for a server the preload
 * cannot see (not Node), the port zdd-learn gave it, once that port accepted a connection.
 */
export type ListenReport = {
	port: number;
	/** The port and the host the app's code asked for (null: none, or not known). */
	asked: number | string | null;
	askedHost: string | null;
	/** Not the first listen of its process. */
	extra: boolean;
	pid: number;
	/** When the app called close() on it, and when it had closed (Date.now()). */
	closeCalledAt?: number;
	closedAt?: number;
	/** Seen only by a connection to the port zdd-learn gave (no preload in the app). */
	unseen?: boolean;
};

type Report =
	| ({event: 'listening'} & Omit<ListenReport, 'closeCalledAt' | 'closedAt' | 'unseen'>)
	| {event: 'close-called' | 'closed'; port: number; at: number; pid: number}
	| {event: 'other-listen'};

/** The port zdd-learn gives an instance, in the command's arguments: `python3 -m http.server {port}`. */
export const portPlaceholder = '{port}';

export type AppStart = {ok: true; port: number} | {ok: false; code: 'SPAWN_FAILED' | 'EXITED' | 'NO_LISTEN'; detail: string};

type Options = {
	version: Version;
	label?: string;
	app: AppCommand;
	/** The port its first listen() is sent to, on host. */
	port: number;
	host: string;
	/** Its stdout and stderr, appended (never on the screen). */
	logFile: string;
	/** A file the preload appends its reports to; removed on dispose. */
	reportFile: string;
	/** What the balancer in front counts for it: answers, and requests under way. */
	stats: () => {served: number; connections: number};
	onChange: () => void;
};

/**
 * The learner's own app, as a real child process: started with a preload
 * that sends its listen() to a port zdd-learn chose, on loopback; signalled
 * as an orchestrator does (the first process of the command only, as a
 * container's PID 1); killed with its whole process group, so nothing it
 * started outlives it.
 */
export class AppProcess {
	readonly version: Version;
	readonly label: string;
	state: ServerState = 'not-started';
	/** Every listen() the app made, as the preload reported them. */
	readonly listens: ListenReport[] = [];
	/** When it started and when it exited (ms, performance.now()), with its code or the signal that ended it. */
	startedAt: number | undefined;
	exitedAt: number | undefined;
	exitCode: number | null = null;
	exitSignal: NodeJS.Signals | null = null;
	private child: ChildProcess | undefined;
	private spawnError: string | undefined;
	private reportRead = 0;
	private groupGone = false;
	private readonly exited: Promise<void>;
	private markExited!: () => void;

	constructor(private readonly options: Options) {
		this.version = options.version;
		this.label = options.label ?? options.version;
		this.exited = new Promise(resolve => {
			this.markExited = resolve;
		});
	}

	get pid(): number | undefined {
		return this.child?.pid;
	}

	/** The listen the balancer sends to, once chosen (see VerifyRun): the app's server, of those it opened. */
	measured: ListenReport | undefined;

	/** The port of the measured listen (the balancer's endpoint), kept after it stops: the balancer still sends there. */
	get lastPort(): number | undefined {
		return this.measured?.port;
	}

	/** The port zdd-learn gave this instance (its PORT, and where its first listen() goes). */
	get givenPort(): number {
		return this.options.port;
	}

	/** Its listens that are still open, one per port, in the order they were made. */
	openListens(): ListenReport[] {
		const seen = new Set<number>();
		return this.reports().filter(listen => {
			if (listen.closedAt !== undefined || seen.has(listen.port)) return false;
			seen.add(listen.port);
			return true;
		});
	}

	get port(): number | undefined {
		return this.exitedAt === undefined ? this.lastPort : undefined;
	}

	/** Starts the command; listening() says when (and whether) the app listens. */
	start(): void {
		const {app, port, host, logFile, reportFile} = this.options;
		const log = openSync(logFile, 'a');
		const preload = builtFile('app-preload.cjs');
		this.startedAt = performance.now();
		try {
			this.child = spawn(
				app.command,
				app.args.map(arg => arg.replaceAll(portPlaceholder, String(port))),
				{
					cwd: app.cwd,
					// Its own process group, so that it and everything it starts can be killed together.
					detached: true,
					stdio: ['ignore', log, log],
					env: {
						...process.env,
						// The Node that runs zdd-learn runs the app too, even through npm start.
						PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env['PATH'] ?? ''}`,
						PORT: String(port),
						HOST: host,
						NODE_OPTIONS: `${process.env['NODE_OPTIONS'] ?? ''} --require ${JSON.stringify(preload)}`.trim(),
						ZDD_VERIFY_PORT: String(port),
						ZDD_VERIFY_HOST: host,
						ZDD_VERIFY_REPORT: reportFile,
						ZDD_VERIFY_EXPRESS: builtFile('express.cjs'),
						ZDD_VERIFY_PARENT: String(process.pid),
					},
				},
			);
		} finally {
			closeSync(log);
		}

		this.state = 'not-started';
		this.child.on('error', error => {
			this.spawnError = (error as NodeJS.ErrnoException).code ?? error.message;
			this.onExit(null, null);
		});
		this.child.on('exit', (code, signal) => {
			this.onExit(code, signal);
		});
	}

	/**
	 * Resolves once the app listens, or says why it did not: it could not start, it exited, or time ran out.
	 * A server the preload cannot see (not Node) counts as listening once the port it was given accepts a connection.
	 */
	async listening(timeoutMs: number): Promise<AppStart> {
		const until = performance.now() + timeoutMs;
		for (;;) {
			const first = this.openListens()[0];
			if (first) {
				this.state = 'listening';
				this.options.onChange();
				return {ok: true, port: first.port};
			}

			if (
				this.exitedAt === undefined &&
				this.child?.pid &&
				this.listens.length === 0 &&
				(await accepts(this.options.host, this.options.port))
			) {
				// A report may have come while the connection opened: it says more (what the code asked for).
				if (this.reports().length === 0) {
					this.listens.push({port: this.options.port, asked: null, askedHost: null, extra: false, pid: this.child.pid, unseen: true});
				}

				continue;
			}

			if (this.spawnError) return {ok: false, code: 'SPAWN_FAILED', detail: this.spawnError};
			if (this.exitedAt !== undefined) {
				return {ok: false, code: 'EXITED', detail: this.exitSignal ? `ended by ${this.exitSignal}` : `exited with code ${this.exitCode}`};
			}

			if (performance.now() > until) return {ok: false, code: 'NO_LISTEN', detail: `no listen() within ${timeoutMs} ms`};
			await new Promise(resolve => {
				setTimeout(resolve, 20);
			});
		}
	}

	/** The preload's reports so far (read on demand: a small file that only grows). */
	reports(): ListenReport[] {
		const file = this.options.reportFile;
		if (existsSync(file)) {
			const text = readFileSync(file, 'utf8');
			const complete = text.lastIndexOf('\n') + 1;
			for (const line of text.slice(this.reportRead, complete).split('\n')) {
				if (!line) continue;
				const report = JSON.parse(line) as Report;
				if (report.event === 'listening' && typeof report.port === 'number') {
					const {event: _event, ...listen} = report;
					// The preload's report of a listen first seen by a connection says more: the same object learns it
					// (it may be the measured one already).
					const unseen = this.listens.find(l => l.unseen && l.port === listen.port);
					if (unseen) {
						Object.assign(unseen, listen);
						delete unseen.unseen;
					} else this.listens.push(listen);
				} else if (report.event === 'close-called' || report.event === 'closed') {
					const listen = this.listens.findLast(l => l.port === report.port && l.pid === report.pid && l.closedAt === undefined);
					if (listen && report.event === 'closed') listen.closedAt = report.at;
					else if (listen) listen.closeCalledAt ??= report.at;
				}
			}

			this.reportRead = complete;
		}

		return this.listens;
	}

	/** Sends the signal to the command's first process only, as Kubernetes does to a container's PID 1. */
	signal(signal: NodeJS.Signals): void {
		if (this.exitedAt !== undefined || !this.child?.pid) return;
		try {
			process.kill(this.child.pid, signal);
		} catch {
			// Already gone.
		}

		this.state = 'closing';
		this.options.onChange();
	}

	/** Resolves when the first process has exited. */
	whenExited(): Promise<void> {
		return this.exited;
	}

	/** Waits for the first process to exit, at most ms; whether it did. */
	async waitForExit(ms: number): Promise<boolean> {
		if (this.exitedAt !== undefined) return true;
		let timer: NodeJS.Timeout | undefined;
		const timeout = new Promise<void>(resolve => {
			timer = setTimeout(resolve, ms);
		});
		await Promise.race([this.exited, timeout]);
		clearTimeout(timer);
		return this.exitedAt !== undefined;
	}

	/** Whether any process of its group is still alive (a wrapper's child that never got the signal). */
	groupAlive(): boolean {
		if (!this.child?.pid) return false;
		try {
			process.kill(-this.child.pid, 0);
			return true;
		} catch {
			return false;
		}
	}

	/** SIGKILL to the whole process group; never again once it is seen gone (its id could be reused). */
	killGroup(): void {
		if (!this.child?.pid || this.groupGone) return;
		try {
			process.kill(-this.child.pid, 'SIGKILL');
		} catch {
			// Nothing left.
		}

		if (this.exitedAt !== undefined && !this.groupAlive()) this.groupGone = true;
	}

	snapshot(): ServerSnapshot {
		const {served, connections} = this.options.stats();
		return {version: this.version, state: this.state, served, connections};
	}

	/** SIGTERM, two seconds to exit, then SIGKILL for the whole group. */
	async exit(): Promise<void> {
		this.signal('SIGTERM');
		if (!(await this.waitForExit(2000))) await this.kill();
		this.killGroup();
	}

	async kill(): Promise<void> {
		this.killGroup();
		await this.waitForExit(2000);
	}

	dispose(): void {
		this.killGroup();
		rmSync(this.options.reportFile, {force: true});
	}

	private onExit(code: number | null, signal: NodeJS.Signals | null): void {
		if (this.exitedAt !== undefined) return;
		this.exitedAt = performance.now();
		this.exitCode = code;
		this.exitSignal = signal;
		if (this.state !== 'not-started' || this.listens.length > 0) this.state = 'stopped';
		this.options.onChange();
		this.markExited();
	}
}
