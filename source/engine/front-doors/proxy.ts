import http from 'node:http';
import net, {type Socket} from 'node:net';

export type ProxyOptions = {
	/**
	 * Keep idle connections to the versions this long, whatever the versions
	 * announce, as load balancers do (60 s on a common cloud one). Without it,
	 * the proxy is a Node agent, which drops an idle connection a second
	 * before the version's announced keep-alive timeout.
	 */
	idleTimeoutMs?: number;
	/**
	 * A simulated network between the proxy and the versions: every byte,
	 * and every close, takes this long each way. On loopback a request and a
	 * close can cross too (nodejs/node#52649), but rarely in a short run; the
	 * delay makes it frequent.
	 */
	latencyMs?: number;
};

/** A version as the proxy knows it: its address, kept after it stops listening (as a balancer's endpoint keeps it). */
export type Endpoint = {readonly port: number | undefined; readonly lastPort: number | undefined};

/** Headers about one connection, which a proxy does not pass on to the next (RFC 9110, 7.6.1). */
const hopByHop = new Set(['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

function endToEnd(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
	const named = new Set(
		String(headers.connection ?? '')
			.split(',')
			.map(name => name.trim().toLowerCase()),
	);
	return Object.fromEntries(Object.entries(headers).filter(([name]) => !hopByHop.has(name) && !named.has(name)));
}

/** An agent that keeps idle connections for its own timeout and ignores the server's Keep-Alive hint. */
class BalancerAgent extends http.Agent {
	constructor(private readonly idleTimeoutMs: number) {
		super({keepAlive: true, maxSockets: Infinity});
	}

	override keepSocketAlive(socket: Socket): boolean {
		socket.setKeepAlive(true, 1000);
		socket.unref();
		socket.setTimeout(this.idleTimeoutMs);
		return true;
	}
}

/**
 * A relay that delays everything between the proxy and one version by
 * `latencyMs` each way, closes included. A request the proxy sends into a
 * connection the version has already closed is answered with a reset, as
 * a real peer's kernel does.
 */
class Wire {
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

/**
 * An in-process reverse proxy on the public port, in front of versions
 * that listen on ports of their own: a load balancer, or a Kubernetes
 * Service, in miniature. It sends each request to one of its endpoints in
 * turn, and answers 502 when the chosen backend fails it.
 */
export class Proxy {
	private server: http.Server | undefined;
	private endpoints: Endpoint[] = [];
	private next = 0;
	private readonly agent: http.Agent;
	private readonly sockets = new Set<Socket>();
	private readonly timers = new Set<NodeJS.Timeout>();
	/** Per version port: the simulated network to it, and the port it listens on. */
	private readonly wires = new Map<number, {wire: Wire; port: Promise<number>}>();

	constructor(
		private readonly host: string,
		private readonly options: ProxyOptions = {},
	) {
		this.agent =
			options.idleTimeoutMs === undefined
				? new http.Agent({keepAlive: true, maxSockets: Infinity})
				: new BalancerAgent(options.idleTimeoutMs);
	}

	get listening(): boolean {
		return this.server?.listening === true;
	}

	get targets(): readonly Endpoint[] {
		return this.endpoints;
	}

	/** Only this version from now on (a blue/green flip). */
	route(server: Endpoint): void {
		this.endpoints = [server];
	}

	add(server: Endpoint): void {
		if (!this.endpoints.includes(server)) this.endpoints = [...this.endpoints, server];
	}

	/** Removes the version after a delay, as endpoint updates lag behind a pod's termination. */
	removeAfter(server: Endpoint, delayMs: number): void {
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
		for (const {wire} of this.wires.values()) wire.dispose();
		this.wires.clear();
		this.endpoints = [];
	}

	/** The port to send to for a version: its own, or the simulated network's in front of it. */
	private async via(port: number): Promise<number> {
		const latency = this.options.latencyMs ?? 0;
		if (latency <= 0) return port;
		let entry = this.wires.get(port);
		if (!entry) {
			const wire = new Wire(this.host, port, latency);
			entry = {wire, port: wire.listen()};
			this.wires.set(port, entry);
		}

		return entry.port;
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

		// The address the endpoint was registered with, whether or not the version still listens there:
		// the proxy always really connects, and the real error (ECONNREFUSED, a reset) makes its 502.
		const target = this.endpoints[this.next++ % this.endpoints.length]!;
		const port = target.port ?? target.lastPort;
		if (port === undefined) {
			badGateway('endpoint has no address');
			return;
		}

		if ((this.options.latencyMs ?? 0) > 0) {
			request.pause();
			void this.via(port).then(
				wirePort => {
					request.resume();
					this.send(request, response, wirePort, badGateway);
				},
				() => {
					badGateway('network down');
				},
			);
			return;
		}

		this.send(request, response, port, badGateway);
	}

	private send(request: http.IncomingMessage, response: http.ServerResponse, port: number, badGateway: (why: string) => void): void {
		if (response.destroyed) return;
		const upstream = http.request(
			{host: this.host, port, path: request.url, method: request.method, headers: endToEnd(request.headers), agent: this.agent},
			answer => {
				response.writeHead(answer.statusCode ?? 502, endToEnd(answer.headers));
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
