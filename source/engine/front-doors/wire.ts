import net, {type Socket} from 'node:net';

/**
 * A relay that delays everything between the proxy and one version by
 * `latencyMs` each way, closes included. A request the proxy sends into a
 * connection the version has already closed is answered with a reset, as
 * a real peer's kernel does.
 */
export class Wire {
	private readonly server: net.Server;
	private readonly sockets = new Set<Socket>();
	private readonly timers = new Set<NodeJS.Timeout>();
	private disposed = false;

	constructor(
		private readonly host: string,
		private readonly targetPort: number,
		private readonly latencyMs: number,
	) {
		this.server = net.createServer({allowHalfOpen: true}, front => {
			this.connect(front);
		});
	}

	async listen(): Promise<number> {
		return new Promise((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen({port: 0, host: this.host}, () => {
				if (this.disposed) {
					// Disposed while listen() was under way: let go of the port at once.
					this.server.close();
					reject(new Error('disposed'));
					return;
				}

				resolve((this.server.address() as net.AddressInfo).port);
			});
		});
	}

	dispose(): void {
		this.disposed = true;
		this.server.close();
		for (const socket of this.sockets) socket.destroy();
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
	}

	private later(action: () => void): void {
		const timer = setTimeout(() => {
			this.timers.delete(timer);
			action();
		}, this.latencyMs);
		this.timers.add(timer);
	}

	private connect(front: Socket): void {
		const back = net.connect({port: this.targetPort, host: this.host, allowHalfOpen: true});
		let backGone = false;
		for (const socket of [front, back]) {
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
			socket.on('error', () => {});
		}

		const resetFront = () => {
			this.later(() => {
				if (!front.destroyed) front.resetAndDestroy();
			});
		};

		front.on('data', chunk => {
			this.later(() => {
				// The version closed this connection before the request arrived.
				if (backGone || back.destroyed || back.writableEnded) resetFront();
				else back.write(chunk);
			});
		});
		front.on('end', () => {
			this.later(() => back.end());
		});
		front.on('close', () => {
			this.later(() => back.destroy());
		});
		back.on('data', chunk => {
			this.later(() => {
				if (!front.destroyed) front.write(chunk);
			});
		});
		back.on('end', () => {
			backGone = true;
			this.later(() => {
				if (!front.destroyed) front.end();
			});
		});
		back.on('close', hadError => {
			backGone = true;
			if (hadError) resetFront();
			else
				this.later(() => {
					front.destroy();
				});
		});
	}
}
