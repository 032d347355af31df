import type http from 'node:http';
import type {Socket} from 'node:net';

/** Open connections by what is on them: a request under way, none between requests, none yet. */
export type Census = {busy: number; idle: number; unused: number};

/** The connections a cut ended, in words, by what was on each at the cut. */
export function cutWords({busy, idle, unused}: Census): string {
	const cut = busy + idle + unused;
	if (cut > 0 && cut === idle) return `${cut} idle keep-alive connection(s) cut, no request on them`;
	const parts = [
		busy > 0 ? `${busy} with a request under way` : '',
		idle > 0 ? `${idle} idle keep-alive` : '',
		unused > 0 ? `${unused} opened, no request yet` : '',
	].filter(Boolean);
	return `${cut} connection(s) cut${cut > 0 ? `: ${parts.join(', ')}` : ''}`;
}

/**
 * The open connections of one http.Server, each with how many of its
 * requests are unanswered, so that a close can tell the idle from the busy.
 * With a keep-alive timeout, it closes a connection idle for exactly that
 * long (see watch).
 */
export class Connections {
	private readonly sockets = new Map<Socket, number>();
	/** Connections that have carried a request: idle ones among them are keep-alive connections between requests. */
	private readonly used = new WeakSet<Socket>();
	private readonly idleTimers = new Map<Socket, NodeJS.Timeout>();

	constructor(
		/** server.keepAliveTimeout, kept by these timers; Node's own timer when undefined. */
		private readonly keepAliveTimeoutMs: number | undefined,
		/** A connection closed. */
		private readonly onClose: () => void,
	) {}

	get size(): number {
		return this.sockets.size;
	}

	/** The open connections by what is on them now. */
	census(): Census {
		const census: Census = {busy: 0, idle: 0, unused: 0};
		for (const [socket, active] of this.sockets) {
			if (active > 0) census.busy++;
			else if (this.used.has(socket)) census.idle++;
			else census.unused++;
		}

		return census;
	}

	/**
	 * Follows the server's connections and requests. The app's keep-alive
	 * timeout is kept to the millisecond: Node's own server.keepAliveTimeout
	 * does the same, but waits about a second longer (from 20.18 and 22.9;
	 * a setting, keepAliveTimeoutBuffer, from 22.19 and 24.6), so its moment
	 * differs between versions.
	 */
	watch(server: http.Server): void {
		if (this.keepAliveTimeoutMs !== undefined) server.keepAliveTimeout = this.keepAliveTimeoutMs;
		server.on('connection', (socket: Socket) => {
			this.sockets.set(socket, 0);
			socket.on('close', () => {
				this.stopIdleTimer(socket);
				this.sockets.delete(socket);
				this.onClose();
			});
		});
		server.on('request', (request: http.IncomingMessage, response: http.ServerResponse) => {
			const socket = request.socket;
			this.used.add(socket);
			this.sockets.set(socket, (this.sockets.get(socket) ?? 0) + 1);
			this.stopIdleTimer(socket);
			response.on('close', () => {
				if (!this.sockets.has(socket)) return;
				const active = Math.max(0, this.sockets.get(socket)! - 1);
				this.sockets.set(socket, active);
				if (active === 0) this.startIdleTimer(socket);
			});
		});
	}

	/** Cuts the connections with no request under way; how many. */
	cutIdle(): number {
		let cut = 0;
		for (const [socket, active] of this.sockets) {
			if (active === 0 && !socket.destroyed) {
				socket.destroy();
				cut++;
			}
		}

		return cut;
	}

	/** Cuts every connection; how many there were. */
	cutAll(): number {
		const cut = this.sockets.size;
		for (const socket of this.sockets.keys()) socket.destroy();
		return cut;
	}

	dispose(): void {
		this.cutAll();
		for (const timer of this.idleTimers.values()) clearTimeout(timer);
		this.idleTimers.clear();
		this.sockets.clear();
	}

	private startIdleTimer(socket: Socket): void {
		const ms = this.keepAliveTimeoutMs;
		if (ms === undefined || socket.destroyed) return;
		const timer = setTimeout(() => {
			this.idleTimers.delete(socket);
			if (this.sockets.get(socket) === 0) socket.destroy();
		}, ms);
		this.idleTimers.set(socket, timer);
	}

	private stopIdleTimer(socket: Socket): void {
		clearTimeout(this.idleTimers.get(socket));
		this.idleTimers.delete(socket);
	}
}
