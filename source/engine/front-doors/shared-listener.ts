import net from 'node:net';
import type {SocketServer} from '../backends/backend.js';

/**
 * A listening socket that stays open across a deploy: it accepts every
 * connection and hands it to whichever version is current. Handing over
 * is switching the target; the port is never closed, so nothing is refused.
 */
export class SharedListener {
	private current: SocketServer | undefined;
	private server: net.Server | undefined;
	/** Connections accepted while no version takes them: they wait, they are not refused. */
	private readonly held: net.Socket[] = [];

	get target(): SocketServer | undefined {
		return this.current;
	}

	/** Hands new connections to this version, and any held ones first; undefined holds them. */
	set target(server: SocketServer | undefined) {
		this.current = server;
		if (!server) return;
		for (const socket of this.held.splice(0)) {
			if (!socket.destroyed) server.attach(socket);
		}
	}

	get holding(): number {
		return this.held.length;
	}

	get listening(): boolean {
		return this.server?.listening === true;
	}

	async listen(port: number, host: string): Promise<{ok: true; port: number} | {ok: false; code: string}> {
		if (this.server?.listening) return {ok: true, port: (this.server.address() as net.AddressInfo).port};
		const server = net.createServer(socket => {
			if (this.current) this.current.attach(socket);
			else this.held.push(socket);
		});
		this.server = server;
		return new Promise(resolve => {
			server.once('error', (error: NodeJS.ErrnoException) => {
				resolve({ok: false, code: error.code ?? error.message});
			});
			server.listen({port, host}, () => {
				if (this.server !== server) {
					// Disposed while listen() was under way.
					server.close();
					resolve({ok: false, code: 'DISPOSED'});
					return;
				}

				resolve({ok: true, port: (server.address() as net.AddressInfo).port});
			});
		});
	}

	dispose(): void {
		this.server?.close();
		this.server = undefined;
		this.current = undefined;
		for (const socket of this.held.splice(0)) socket.destroy();
	}
}
