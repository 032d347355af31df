import http from 'node:http';
import net, {type Socket} from 'node:net';
import type {Express, NextFunction, Request, Response} from 'express';
import {IdSet} from './id-set.js';
import type {ServerSnapshot, ServerState, Version} from './types.js';

let createApp: (() => Express) | undefined;

/**
 * Loads Express. It is loaded when the first version is deployed, not at
 * start-up, so the menu opens without paying for it.
 */
export async function loadExpress(): Promise<void> {
	createApp ??= (await import('express')).default;
}

/** The longest delay a request may ask for, ms. */
export const maxDelayMs = 5000;

/** A broken handler: it throws (Express answers 500), or it never answers. */
export type Fault = 'throw' | 'hang';

export type ListenResult = {ok: true; port: number} | {ok: false; code: string};

/**
 * One deployed version of the app: a real Express 5 app behind a real
 * http.Server on loopback. Every response names the version that served
 * it, in the body and in an X-Version header.
 *
 * Connections reach it either through its own listen() on the port, or
 * handed over by a shared listener (attach). It tracks every socket and
 * timer it creates, so dispose() leaves nothing.
 */
export class VersionServer {
	state: ServerState = 'not-started';
	served = 0;
	/** The ids of the requests it answered (the load sends `?id=`), for matching them with the clients' counts. */
	readonly answered = new IdSet();
	/** Told each answered id (a worker process passes them on to the primary). */
	onAnswered: ((id: number) => void) | undefined;
	lastError: string | undefined;
	/** The port its own listener was last bound to, kept after it closes (a balancer's endpoint keeps the address). */
	lastPort: number | undefined;
	private server: http.Server | undefined;
	/** Every open connection, with how many requests on it are unanswered. */
	private readonly sockets = new Map<Socket, number>();
	private readonly timers = new Set<NodeJS.Timeout>();
	private readonly idleTimers = new Map<Socket, NodeJS.Timeout>();
	/** Answers carry `Connection: close`, so keep-alive clients reconnect elsewhere. */
	private polite = false;
	private disposed = false;
	/** Faults injected for the next requests, in order: the handler throws, or never answers. */
	private readonly faults: Fault[] = [];
	/** Settled when the server holds no listening socket and no connection. */
	private readonly drainWaits = new Set<(drained: boolean) => void>();

	constructor(
		readonly version: Version,
		private readonly onChange: (server: VersionServer) => void,
		/** server.keepAliveTimeout; Node's default when undefined. */
		private readonly keepAliveTimeoutMs?: number,
		/** What the lesson calls it in what it says (blue, green); its version when not named. */
		readonly label: string = version,
	) {}

	/** Whether it ever had a listener of its own (a version fed by a shared listener never listens). */
	get hasListened(): boolean {
		return this.lastPort !== undefined;
	}

	get deployed(): boolean {
		return this.server !== undefined;
	}

	get connections(): number {
		return this.sockets.size;
	}

	get listening(): boolean {
		return this.server?.listening === true;
	}

	/** The port its own listener is bound to, if it has one. */
	get port(): number | undefined {
		const address = this.server?.listening ? this.server.address() : undefined;
		return typeof address === 'object' && address ? address.port : undefined;
	}

	/** A backend that cuts everything it holds at once (server.closeAllConnections()). */
	closeAll(): number {
		const server = this.server;
		if (server?.listening) server.close();
		const cut = this.sockets.size;
		this.cutAll();
		this.closing();
		return cut;
	}

	/** Loads the version's code: builds the app and its server, not yet listening. */
	deploy(): void {
		if (this.server) return;
		if (!createApp) throw new Error('Express is not loaded yet (await loadExpress() first)');
		const app = createApp();
		app.disable('x-powered-by');
		app.get('/', (request, response) => {
			const fault = this.faults.shift();
			if (fault === 'throw') throw new Error(`the ${this.version} handler threw`);
			if (fault === 'hang') return;
			const asked = Number(request.query['delay']);
			const delay = Number.isFinite(asked) ? Math.min(Math.max(asked, 0), maxDelayMs) : 0;
			const timer = setTimeout(() => {
				this.timers.delete(timer);
				if (response.writableEnded || response.destroyed) return;
				if (this.polite) response.set('Connection', 'close');
				response.set('X-Version', this.version).type('text/plain').send(`served by ${this.version}\n`);
			}, delay);
			this.timers.add(timer);
			response.on('close', () => {
				clearTimeout(timer);
				this.timers.delete(timer);
			});
			response.on('finish', () => {
				this.served++;
				const id = Number(request.query['id']);
				this.answered.add(id);
				this.onAnswered?.(id);
			});
		});

		// A handler that throws gets a plain 500, quietly: Express's default handler would print the stack.
		app.use((_error: unknown, _request: Request, response: Response, _next: NextFunction) => {
			if (response.headersSent) {
				response.destroy();
				return;
			}

			response.status(500).set('X-Version', this.version).type('text/plain').send('internal server error\n');
		});

		const server = http.createServer(app);
		if (this.keepAliveTimeoutMs !== undefined) server.keepAliveTimeout = this.keepAliveTimeoutMs;
		server.on('connection', (socket: Socket) => {
			this.sockets.set(socket, 0);
			socket.on('close', () => {
				this.stopIdleTimer(socket);
				this.sockets.delete(socket);
				this.checkDrained();
			});
		});
		server.on('request', (request: http.IncomingMessage, response: http.ServerResponse) => {
			const socket = request.socket;
			this.sockets.set(socket, (this.sockets.get(socket) ?? 0) + 1);
			this.stopIdleTimer(socket);
			response.on('close', () => {
				if (!this.sockets.has(socket)) return;
				const active = Math.max(0, this.sockets.get(socket)! - 1);
				this.sockets.set(socket, active);
				if (active === 0) this.startIdleTimer(socket);
			});
		});
		// A client error (a reset mid-request) must never reach the terminal.
		server.on('clientError', (_error, socket) => {
			socket.destroy();
		});
		this.server = server;
	}

	/**
	 * The app's keep-alive timeout, kept to the millisecond: a connection
	 * idle this long is closed. Node's own server.keepAliveTimeout does the
	 * same, but waits about a second longer (measured on 20.20; Node 24 names
	 * it keepAliveTimeoutBuffer), so its moment differs between versions.
	 */
	private startIdleTimer(socket: Socket): void {
		const ms = this.keepAliveTimeoutMs;
		if (ms === undefined || socket.destroyed) return;
		const timer = setTimeout(() => {
			this.timers.delete(timer);
			this.idleTimers.delete(socket);
			if (this.sockets.get(socket) === 0) socket.destroy();
		}, ms);
		this.timers.add(timer);
		this.idleTimers.set(socket, timer);
	}

	private stopIdleTimer(socket: Socket): void {
		const timer = this.idleTimers.get(socket);
		if (!timer) return;
		clearTimeout(timer);
		this.timers.delete(timer);
		this.idleTimers.delete(socket);
	}

	/** The next `count` requests meet a broken handler. */
	failNext(fault: Fault, count: number): void {
		for (let i = 0; i < count; i++) this.faults.push(fault);
	}

	/** Calls the real listen() on the port; a busy port gives its real error code. */
	async listen(port: number, host: string, reusePort = false): Promise<ListenResult> {
		this.deploy();
		const server = this.server!;
		if (server.listening) {
			return {ok: true, port: (server.address() as {port: number}).port};
		}

		return new Promise<ListenResult>(resolve => {
			const onError = (error: NodeJS.ErrnoException) => {
				server.off('listening', onListening);
				this.lastError = error.code ?? error.message;
				this.state = 'error';
				this.onChange(this);
				resolve({ok: false, code: this.lastError});
			};

			const onListening = () => {
				server.off('error', onError);
				if (this.disposed) {
					// Disposed while listen() was under way: let go of the port at once.
					server.close();
					resolve({ok: false, code: 'DISPOSED'});
					return;
				}

				this.lastPort = (server.address() as {port: number}).port;
				this.serving();
				resolve({ok: true, port: this.lastPort});
			};

			server.once('error', onError);
			server.once('listening', onListening);
			// reusePort is ignored before Node 22.12 / 23.1: the second bind then fails.
			server.listen({port, host, ...(reusePort ? {reusePort: true} : {})});
		});
	}

	/** A connection accepted by a shared listener, handed to this version. */
	attach(socket: Socket): void {
		this.deploy();
		this.server!.emit('connection', socket);
	}

	/** Takes new connections from a shared listener from now on. */
	serving(): void {
		this.deploy();
		this.lastError = undefined;
		this.polite = false;
		this.state = 'listening';
		this.onChange(this);
	}

	/** No new connections reach it any more (its own listener closed, or handed over). */
	private closing(): void {
		this.state = 'closing';
		this.onChange(this);
		this.checkDrained();
	}

	/**
	 * The classic server.close(): stops accepting at once; since Node 19 it
	 * also cuts idle keep-alive connections at once. Busy ones stay open.
	 */
	stopAccepting(): number {
		const server = this.server;
		if (server?.listening) server.close();
		const cut = this.cutIdle();
		this.closing();
		return cut;
	}

	/** What a shared listener's handover leaves: no new connections, nothing cut. */
	handedOver(): void {
		this.closing();
	}

	/**
	 * A polite drain: stop accepting without cutting anyone, answer with
	 * `Connection: close` so keep-alive clients reconnect, cut connections
	 * still idle after graceMs, and everything left at the deadline.
	 */
	async drainPolitely(graceMs: number, deadlineMs: number): Promise<{drained: boolean; cut: number}> {
		const server = this.server;
		this.polite = true;
		this.closing();
		// Its own listener closes half-way through the grace, once connections already on their way
		// (a proxy that picked this version just before a flip) are accepted: closing a
		// listener resets what waits in its queue. Idle ones are cut only at the end of the
		// grace, so a connection accepted just before the close has time to send its request.
		// And with net.Server's close, not http's, which would cut idle connections at once.
		const closeTimer = setTimeout(
			() => {
				if (server?.listening) net.Server.prototype.close.call(server);
				this.checkDrained();
			},
			Math.floor(graceMs / 2),
		);
		const graceTimer = setTimeout(() => {
			this.cutIdle();
		}, graceMs);
		this.timers.add(closeTimer);
		this.timers.add(graceTimer);
		const drained = await this.drain(deadlineMs);
		for (const timer of [closeTimer, graceTimer]) {
			clearTimeout(timer);
			this.timers.delete(timer);
		}

		if (server?.listening) net.Server.prototype.close.call(server);
		let cut = 0;
		if (!drained) {
			cut = this.sockets.size;
			this.cutAll();
		}

		return {drained, cut};
	}

	/** Waits until no connection is left, at most deadlineMs. */
	async drain(deadlineMs: number): Promise<boolean> {
		if (this.isDrained()) {
			this.markClosed();
			return true;
		}

		return new Promise<boolean>(resolve => {
			const done = (drained: boolean) => {
				clearTimeout(timer);
				this.drainWaits.delete(done);
				resolve(drained);
			};

			const timer = setTimeout(() => {
				done(false);
			}, deadlineMs);
			this.drainWaits.add(done);
		});
	}

	/** Cuts every connection still open (a deadline reached); the listener, if any, was already closed. */
	cutRemaining(): number {
		const cut = this.sockets.size;
		this.cutAll();
		return cut;
	}

	/** The process is gone: every connection cut, nothing left. */
	stop(): void {
		const server = this.server;
		if (server?.listening) server.close();
		this.cutAll();
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
		if (this.state !== 'not-started') this.state = 'stopped';
		this.onChange(this);
	}

	snapshot(): ServerSnapshot {
		return {
			version: this.version,
			state: this.state,
			served: this.served,
			connections: this.sockets.size,
			lastError: this.lastError,
		};
	}

	dispose(): void {
		this.disposed = true;
		// Unconditionally: http's close also clears its connection-checking timer.
		this.server?.close();
		this.cutAll();
		this.sockets.clear();
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
		for (const done of [...this.drainWaits]) done(false);
	}

	private isDrained(): boolean {
		return this.state !== 'listening' && !this.listening && this.sockets.size === 0;
	}

	private markClosed(): void {
		if (this.state === 'closing') {
			this.state = 'closed';
			this.onChange(this);
		}
	}

	private checkDrained(): void {
		if (!this.isDrained()) return;
		this.markClosed();
		for (const done of [...this.drainWaits]) done(true);
	}

	private cutIdle(): number {
		let cut = 0;
		for (const [socket, active] of this.sockets) {
			if (active === 0 && !socket.destroyed) {
				socket.destroy();
				cut++;
			}
		}

		return cut;
	}

	private cutAll(): void {
		for (const socket of this.sockets.keys()) socket.destroy();
	}
}
