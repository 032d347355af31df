import http from 'node:http';
import type {Socket} from 'node:net';

/** What one idle keep-alive connection to an instance showed. */
export type IdleKeepAlive = {
	/** The keep-alive timeout the instance announced in its answer (Keep-Alive: timeout=N), ms. */
	announcedMs?: number;
	/** The instance answered with Connection: close: it keeps no connection alive. */
	refused: boolean;
	/** When the instance closed the connection, ms after its answer ended; undefined while it is still open. */
	closedAfterMs?: number;
	/** How long the connection has been idle, ms (until it closed, or until now). */
	idleMs: number;
};

/** An agent that keeps an idle connection for as long as the server does, ignoring the server's Keep-Alive hint, as a balancer does. */
class HoldingAgent extends http.Agent {
	constructor() {
		super({keepAlive: true, maxSockets: 1});
	}

	override keepSocketAlive(socket: Socket): boolean {
		socket.unref();
		return true;
	}
}

/**
 * A balancer's idle connection in miniature: one keep-alive request to an
 * instance, then the connection is left idle and held until the instance
 * closes it. When it does, ms after its answer, is its measured idle
 * keep-alive timeout. Nothing is sent after the answer.
 */
export class IdleProbe {
	private readonly agent = new HoldingAgent();
	private socket: Socket | undefined;
	private idleSince: number | undefined;
	private closedAt: number | undefined;
	private announcedMs: number | undefined;
	private refused = false;
	private disposed = false;
	private readonly closed: Promise<void>;
	private resolveClosed: () => void = () => {};

	constructor(
		private readonly host: string,
		private readonly port: number,
		private readonly path = '/',
	) {
		this.closed = new Promise(resolve => {
			this.resolveClosed = resolve;
		});
	}

	/** Sends the one request; resolves when its answer has ended (true) or it failed (false). */
	async start(): Promise<boolean> {
		return new Promise(resolve => {
			const request = http.get(
				{host: this.host, port: this.port, path: this.path, agent: this.agent, headers: {connection: 'keep-alive'}, timeout: 5000},
				response => {
					const hint = /timeout=(\d+)/i.exec(String(response.headers['keep-alive'] ?? ''));
					if (hint) this.announcedMs = Number(hint[1]) * 1000;
					this.refused = String(response.headers.connection ?? '').toLowerCase() === 'close';
					response.resume();
					response.on('end', () => {
						this.idleSince = performance.now();
						resolve(true);
					});
				},
			);
			request.on('socket', socket => {
				this.socket = socket;
				socket.once('close', () => {
					if (!this.disposed) this.closedAt ??= performance.now();
					this.resolveClosed();
				});
			});
			request.on('timeout', () => request.destroy());
			request.on('error', () => {
				this.resolveClosed();
				resolve(false);
			});
		});
	}

	/** Waits until the instance closes the connection, or untilMs after the answer ended, whichever comes first. */
	async closedWithin(untilMs: number): Promise<void> {
		if (this.idleSince === undefined || this.closedAt !== undefined) return;
		const left = this.idleSince + untilMs - performance.now();
		if (left <= 0) return;
		let timer: NodeJS.Timeout | undefined;
		await Promise.race([
			this.closed,
			new Promise<void>(resolve => {
				timer = setTimeout(resolve, left);
				timer.unref();
			}),
		]);
		clearTimeout(timer);
	}

	/**
	 * What the connection showed, then lets it go. When the instance announced
	 * a keep-alive timeout below the balancer's and has not closed the
	 * connection yet, first waits for the close (told first), at most two
	 * seconds past the announced time (Node closes an idle connection a second
	 * after the time it announces: nodejs/node#54863, configurable since #59243),
	 * and never more than maxWaitMs from now.
	 */
	async finish(balancerIdleMs: number, waiting: (announcedMs: number) => void, maxWaitMs = 10_000): Promise<IdleKeepAlive | undefined> {
		const seen = this.result();
		if (seen && seen.closedAfterMs === undefined && seen.announcedMs !== undefined && seen.announcedMs < balancerIdleMs) {
			waiting(seen.announcedMs);
			await this.closedWithin(Math.min(balancerIdleMs, seen.announcedMs + 2000, seen.idleMs + maxWaitMs));
		}

		const result = this.result();
		this.dispose();
		return result;
	}

	result(): IdleKeepAlive | undefined {
		if (this.idleSince === undefined) return undefined;
		const closedAfterMs = this.closedAt === undefined ? undefined : Math.max(0, this.closedAt - this.idleSince);
		return {
			...(this.announcedMs === undefined ? {} : {announcedMs: this.announcedMs}),
			refused: this.refused,
			...(closedAfterMs === undefined ? {} : {closedAfterMs}),
			idleMs: closedAfterMs ?? performance.now() - this.idleSince,
		};
	}

	dispose(): void {
		this.disposed = true;
		this.socket?.destroy();
		this.agent.destroy();
		this.resolveClosed();
	}
}
