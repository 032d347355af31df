import http from 'node:http';
import net, {type Socket} from 'node:net';
import {Connections, type Census} from './connections.js';
import {IdSet} from '../id-set.js';
import type {ServerSnapshot, ServerState, Version} from '../types.js';
import type {ListenResult, SocketServer} from './backend.js';
import {versionApp, type Fault} from './express-app.js';

/**
 * One deployed version of the app in this process: a real Express 5 app
 * (versionApp) behind a real http.Server on loopback.
 *
 * Connections reach it either through its own listen() on the port, or
 * handed over by a shared listener (attach). It tracks every socket and
 * timer it creates, so dispose() leaves nothing.
 */
export class InProcessServer implements SocketServer {
	readonly pid = undefined;
	state: ServerState = 'not-started';
	served = 0;
	/** The ids of the requests it answered (the load sends `?id=`), for matching them with the clients' counts. */
	readonly answered = new IdSet();
	/** Told each answered id (a worker process passes them on to the primary). */
	onAnswered: ((id: number) => void) | undefined;
	lastError: string | undefined;
	/** The port its own listener was last bound to, kept after it closes (a balancer's endpoint keeps the address). */
	lastPort: number | undefined;
	/** How long it loads what it serves after it is deployed (it answers 503 meanwhile), ms. */
	warmUpMs = 0;
	private readyAt = 0;
	private server: http.Server | undefined;
	/** Every open connection, busy or idle. */
	private readonly sockets: Connections;
	private readonly timers = new Set<NodeJS.Timeout>();
	/** Answers carry `Connection: close`, so keep-alive clients reconnect elsewhere. */
	private polite = false;
	private disposed = false;
	/** Faults injected for the next requests, in order: the handler throws, or never answers. */
	private readonly faults: Fault[] = [];
	/** Settled when the server holds no listening socket and no connection. */
	private readonly drainWaits = new Set<(drained: boolean) => void>();

	constructor(
		readonly version: Version,
		private readonly onChange: (server: InProcessServer) => void,
		/** server.keepAliveTimeout; Node's default when undefined. */
		keepAliveTimeoutMs?: number,
		/** What the lesson calls it in what it says (blue, green); its version when not named. */
		readonly label: string = version,
	) {
		this.sockets = new Connections(keepAliveTimeoutMs, () => {
			this.checkDrained();
		});
	}

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

	/** Its open connections by what is on them now (a request under way, none between requests, none yet). */
	census(): Census {
		return this.sockets.census();
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
		const cut = this.sockets.cutAll();
		this.closing();
		return cut;
	}

	/** Loads the version's code: builds the app and its server, not yet listening. */
	deploy(): void {
		if (this.server) return;
		const app = versionApp({
			version: this.version,
			nextFault: () => this.faults.shift(),
			polite: () => this.polite,
			track: timer => this.timers.add(timer),
			untrack: timer => this.timers.delete(timer),
			answered: id => {
				this.served++;
				this.answered.add(id);
				this.onAnswered?.(id);
			},
			warming: () => performance.now() < this.readyAt,
		});
		this.readyAt = performance.now() + this.warmUpMs;
		const server = http.createServer(app);
		this.sockets.watch(server);
		// A client error (a reset mid-request) must never reach the terminal.
		server.on('clientError', (_error, socket) => {
			socket.destroy();
		});
		this.server = server;
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
		const cut = this.sockets.cutIdle();
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
			this.sockets.cutIdle();
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
		if (!drained) cut = this.sockets.cutAll();

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
		return this.sockets.cutAll();
	}

	/** The process is gone: every connection cut, nothing left. */
	stop(): void {
		const server = this.server;
		if (server?.listening) server.close();
		this.sockets.cutAll();
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
		if (this.state !== 'not-started') this.state = 'stopped';
		this.onChange(this);
	}

	/** A process exits after its close: whatever is left is cut. */
	async exit(): Promise<void> {
		this.stop();
	}

	/** A crash: the listener and every connection go with it. */
	async kill(): Promise<void> {
		this.stop();
	}

	hasAnswered(id: number): boolean {
		return this.answered.has(id);
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
		this.sockets.dispose();
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
}
