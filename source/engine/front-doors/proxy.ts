import http from 'node:http';
import type {Socket} from 'node:net';
import {Wire} from './wire.js';
import {requestIdHeader} from '../traffic/one-request.js';

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
	/** The clock of the records (ms); performance.now() by default. */
	now?: () => number;
};

/** A version as the proxy knows it: its address, kept after it stops listening (as a balancer's endpoint keeps it). */
export type Endpoint = {
	readonly port: number | undefined;
	readonly lastPort: number | undefined;
	/** Named in the X-Version header of its answers when it does not name itself (an app that is not zdd-learn's). */
	readonly version?: string;
};

/** What the proxy saw of one endpoint: its answers, the requests under way, and every failure, when (ms, see ProxyOptions.now). */
export type EndpointRecord = {
	answered: number;
	inFlight: number;
	/** Answers with a 5xx status from the endpoint itself. */
	status5xx: number[];
	/** Requests it failed: the error code, whether the connection was a reused one, and when the request went to it. */
	errors: Array<{at: number; code: string; reused: boolean; sentAt: number}>;
	/** When its last answer below 500 ended. */
	lastAnsweredAt?: number;
};

/** What the proxy saw of one request of the load that failed behind it (by its X-Zdd-Request number). */
export type ProxyFailure = {
	endpoint: Endpoint;
	/** When the proxy sent it to the endpoint, and when it failed there. */
	sentAt: number;
	at: number;
	/** The connection's error (ECONNREFUSED, ECONNRESET, …), or the endpoint's own 5xx status. */
	code?: string;
	reused?: boolean;
	status?: number;
};

/** The proxy names the endpoint that answered in this header (see Endpoint.version). */
export const instanceHeader = 'x-zdd-instance';

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
 * An in-process reverse proxy on the public port, in front of versions
 * that listen on ports of their own: a load balancer, or a Kubernetes
 * Service, in miniature. It sends each request to one of its endpoints in
 * turn, and answers 502 when the chosen backend fails it.
 */
export class Balancer {
	private server: http.Server | undefined;
	private endpoints: Endpoint[] = [];
	private next = 0;
	private readonly agent: http.Agent;
	private readonly sockets = new Set<Socket>();
	private readonly timers = new Set<NodeJS.Timeout>();
	/** Per version port: the simulated network to it, and the port it listens on. */
	private readonly wires = new Map<number, {wire: Wire; port: Promise<number>}>();
	private readonly records = new Map<Endpoint, EndpointRecord>();
	/** Each numbered request that failed behind the proxy: where it went and how it failed. */
	readonly failed = new Map<number, ProxyFailure>();

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

	/** What it saw of this endpoint so far. */
	record(endpoint: Endpoint): EndpointRecord {
		let record = this.records.get(endpoint);
		if (!record) {
			record = {answered: 0, inFlight: 0, status5xx: [], errors: []};
			this.records.set(endpoint, record);
		}

		return record;
	}

	/** Connections the proxy holds open to this endpoint now, busy or kept alive for the next request. */
	openConnections(endpoint: Endpoint): number {
		const port = endpoint.lastPort;
		let count = 0;
		for (const pool of [this.agent.sockets, this.agent.freeSockets]) {
			for (const socket of Object.values(pool).flat()) if (socket && socket.remotePort === port && !socket.destroyed) count++;
		}

		return count;
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
					this.send(request, response, target, wirePort, badGateway);
				},
				() => {
					badGateway('network down');
				},
			);
			return;
		}

		this.send(request, response, target, port, badGateway);
	}

	private send(
		request: http.IncomingMessage,
		response: http.ServerResponse,
		target: Endpoint,
		port: number,
		badGateway: (why: string) => void,
	): void {
		if (response.destroyed) return;
		const now = this.options.now ?? (() => performance.now());
		const record = this.record(target);
		const sentAt = now();
		const id = Number(request.headers[requestIdHeader]);
		const failed = (failure: Omit<ProxyFailure, 'endpoint' | 'sentAt'>) => {
			if (Number.isInteger(id)) this.failed.set(id, {endpoint: target, sentAt, ...failure});
		};
		let settled = false;
		const settle = () => {
			if (!settled) record.inFlight--;
			settled = true;
		};

		record.inFlight++;
		const upstream = http.request(
			{host: this.host, port, path: request.url, method: request.method, headers: endToEnd(request.headers), agent: this.agent},
			answer => {
				const status = answer.statusCode ?? 502;
				const headers = endToEnd(answer.headers);
				if (headers['x-version'] === undefined && target.version !== undefined) headers['x-version'] = target.version;
				// Which endpoint answered, in a header of the proxy's own: an app may send an X-Version of its own.
				if (target.version !== undefined) headers[instanceHeader] = target.version;
				response.writeHead(status, headers);
				answer.pipe(response);
				// An answer cut before its end (the endpoint went while sending it) is the endpoint's failure too.
				const cut = () => {
					if (settled || abandoned || answer.complete) return;
					record.errors.push({at: now(), code: 'ECONNRESET', reused: upstream.reusedSocket, sentAt});
					failed({at: now(), code: 'ECONNRESET', reused: upstream.reusedSocket});
					settle();
				};

				answer.on('error', () => {
					cut();
					response.destroy();
				});
				answer.on('end', () => {
					settle();
					if (status >= 500) {
						record.status5xx.push(now());
						failed({at: now(), status});
					} else {
						record.answered++;
						record.lastAnsweredAt = now();
					}
				});
				answer.on('close', () => {
					cut();
					settle();
				});
			},
		);
		let abandoned = false;
		upstream.on('error', (error: NodeJS.ErrnoException) => {
			// The client gave up first (its timeout): the proxy cut this request, not the endpoint.
			if (!settled && !abandoned) {
				const code = error.code ?? error.message;
				record.errors.push({at: now(), code, reused: upstream.reusedSocket, sentAt});
				failed({at: now(), code, reused: upstream.reusedSocket});
			}

			settle();
			badGateway(error.code ?? 'upstream error');
		});
		response.on('close', () => {
			if (response.writableFinished) return;
			abandoned = true;
			upstream.destroy();
		});
		request.pipe(upstream);
	}
}
