import http from 'node:http';
import type {Socket} from 'node:net';
import express from 'express';
import type {ServerSnapshot, ServerState, Version} from './types.js';

/** The longest delay a request may ask for, ms. */
export const maxDelayMs = 5000;

export type ListenResult = {ok: true; port: number} | {ok: false; code: string};

/**
 * One deployed version of the app: a real Express 5 app behind a real
 * http.Server bound to loopback. Every response names the version that
 * served it, in the body and in an X-Version header.
 *
 * It tracks every socket and timer it creates, so dispose() leaves nothing.
 */
export class VersionServer {
	state: ServerState = 'not-started';
	served = 0;
	lastError: string | undefined;
	private server: http.Server | undefined;
	private readonly sockets = new Set<Socket>();
	private readonly timers = new Set<NodeJS.Timeout>();
	private closed: Promise<void> | undefined;
	/** Ends every pending drain() wait at once, on dispose. */
	private readonly drainWaits = new Set<() => void>();

	constructor(
		readonly version: Version,
		private readonly onChange: (server: VersionServer) => void,
	) {}

	get deployed(): boolean {
		return this.server !== undefined;
	}

	get connections(): number {
		return this.sockets.size;
	}

	/** Loads the version's code: builds the app and its server, not yet listening. */
	deploy(): void {
		if (this.server) return;
		const app = express();
		app.disable('x-powered-by');
		app.get('/', (request, response) => {
			const asked = Number(request.query['delay']);
			const delay = Number.isFinite(asked)
				? Math.min(Math.max(asked, 0), maxDelayMs)
				: 0;
			const timer = setTimeout(() => {
				this.timers.delete(timer);
				if (response.writableEnded || response.destroyed) return;
				response
					.set('X-Version', this.version)
					.type('text/plain')
					.send(`served by ${this.version}\n`);
			}, delay);
			this.timers.add(timer);
			response.on('close', () => {
				clearTimeout(timer);
				this.timers.delete(timer);
			});
			response.on('finish', () => {
				this.served++;
			});
		});

		const server = http.createServer(app);
		server.on('connection', (socket: Socket) => {
			this.sockets.add(socket);
			socket.on('close', () => {
				this.sockets.delete(socket);
			});
		});
		// A client error (a reset mid-request) must never reach the terminal.
		server.on('clientError', (_error, socket) => {
			socket.destroy();
		});
		this.server = server;
	}

	/** Calls the real listen() on the port; a busy port gives its real error code. */
	async listen(port: number, host: string): Promise<ListenResult> {
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
				this.lastError = undefined;
				this.closed = undefined;
				this.state = 'listening';
				this.onChange(this);
				resolve({ok: true, port: (server.address() as {port: number}).port});
			};

			server.once('error', onError);
			server.once('listening', onListening);
			server.listen({port, host});
		});
	}

	/**
	 * The classic server.close(): stops accepting at once; the returned
	 * promise settles when every open connection has ended.
	 */
	stopAccepting(): Promise<void> {
		const server = this.server;
		if (!server?.listening) return this.closed ?? Promise.resolve();
		this.state = 'closing';
		this.closed = new Promise<void>(resolve => {
			server.close(() => {
				if (this.state === 'closing') this.state = 'closed';
				this.onChange(this);
				resolve();
			});
		});
		this.onChange(this);
		return this.closed;
	}

	/** Waits for the close to finish, at most deadlineMs. */
	async drain(deadlineMs: number): Promise<{drained: boolean}> {
		const closed = this.closed;
		if (!closed) return {drained: this.state !== 'listening'};
		let timer: NodeJS.Timeout | undefined;
		let giveUp: () => void = () => {};
		const expired = new Promise<false>(resolve => {
			giveUp = () => {
				resolve(false);
			};

			timer = setTimeout(giveUp, deadlineMs);
			this.drainWaits.add(giveUp);
		});
		const drained = await Promise.race([closed.then(() => true), expired]);
		clearTimeout(timer);
		this.drainWaits.delete(giveUp);
		return {drained};
	}

	/** The process is gone: every connection cut, nothing left. */
	stop(): void {
		const server = this.server;
		if (server) {
			if (server.listening) server.close();
			server.closeAllConnections();
		}

		for (const socket of this.sockets) socket.destroy();
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
		const server = this.server;
		if (server) {
			if (server.listening) server.close();
			server.closeAllConnections();
		}

		for (const socket of this.sockets) socket.destroy();
		this.sockets.clear();
		for (const giveUp of this.drainWaits) giveUp();
		this.drainWaits.clear();
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
	}
}
