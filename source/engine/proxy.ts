import http from 'node:http';
import type {Socket} from 'node:net';
import type {VersionServer} from './version-server.js';

/**
 * An in-process reverse proxy on the public port, in front of versions
 * that listen on ports of their own: a load balancer, or a Kubernetes
 * Service, in miniature. It sends each request to one of its endpoints in
 * turn, and answers 502 when the chosen backend fails it.
 */
export class Proxy {
	private server: http.Server | undefined;
	private endpoints: VersionServer[] = [];
	private next = 0;
	private readonly agent = new http.Agent({keepAlive: true, maxSockets: Infinity});
	private readonly sockets = new Set<Socket>();
	private readonly timers = new Set<NodeJS.Timeout>();

	constructor(private readonly host: string) {}

	get listening(): boolean {
		return this.server?.listening === true;
	}

	get targets(): readonly VersionServer[] {
		return this.endpoints;
	}

	/** Only this version from now on (a blue/green flip). */
	route(server: VersionServer): void {
		this.endpoints = [server];
	}

	add(server: VersionServer): void {
		if (!this.endpoints.includes(server)) this.endpoints = [...this.endpoints, server];
	}

	/** Removes the version after a delay, as endpoint updates lag behind a pod's termination. */
	removeAfter(server: VersionServer, delayMs: number): void {
		const timer = setTimeout(() => {
			this.timers.delete(timer);
			this.endpoints = this.endpoints.filter(endpoint => endpoint !== server);
		}, delayMs);
		this.timers.add(timer);
	}

	async listen(port: number): Promise<{ok: true; port: number} | {ok: false; code: string}> {
		if (this.server?.listening) return {ok: true, port: (this.server.address() as {port: number}).port};
		const server = http.createServer((request, response) => {
			this.forward(request, response);
		});
		server.on('connection', socket => {
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
		});
		server.on('clientError', (_error, socket) => {
			socket.destroy();
		});
		this.server = server;
		return new Promise(resolve => {
			server.once('error', (error: NodeJS.ErrnoException) => {
				resolve({ok: false, code: error.code ?? error.message});
			});
			server.listen({port, host: this.host}, () => {
				if (this.server !== server) {
					// Disposed while listen() was under way.
					server.close();
					resolve({ok: false, code: 'DISPOSED'});
					return;
				}

				resolve({ok: true, port: (server.address() as {port: number}).port});
			});
		});
	}

	dispose(): void {
		this.server?.close();
		this.server?.closeAllConnections();
		this.server = undefined;
		for (const socket of this.sockets) socket.destroy();
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
		this.agent.destroy();
		this.endpoints = [];
	}

	private forward(request: http.IncomingMessage, response: http.ServerResponse): void {
		const badGateway = (why: string) => {
			if (response.headersSent) {
				response.destroy();
				return;
			}

			response.writeHead(502, {'content-type': 'text/plain', 'x-proxy-error': why}).end(`bad gateway: ${why}\n`);
		};

		if (this.endpoints.length === 0) {
			badGateway('no endpoint');
			return;
		}

		const target = this.endpoints[this.next++ % this.endpoints.length]!;
		const port = target.port;
		if (port === undefined) {
			badGateway('backend not listening');
			return;
		}

		const upstream = http.request(
			{host: this.host, port, path: request.url, method: request.method, headers: request.headers, agent: this.agent},
			answer => {
				response.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(response);
				answer.on('error', () => {
					response.destroy();
				});
			},
		);
		upstream.on('error', (error: NodeJS.ErrnoException) => {
			badGateway(error.code ?? 'upstream error');
		});
		response.on('close', () => {
			if (!response.writableFinished) upstream.destroy();
		});
		request.pipe(upstream);
	}
}
