import type {ListenResult, SocketServer} from '../backends/backend.js';
import {freePort} from '../port.js';
import type {ActionResult} from '../types.js';
import {Balancer, type Endpoint, type ProxyOptions} from './proxy.js';
import {SharedListener} from './shared-listener.js';

/** Whether this Node passes listen()'s reusePort on (22.12+, 23.1+); older ones ignore it without a word. */
export function reusePortHonoured(version = process.versions.node): boolean {
	const [major = 0, minor = 0] = version.split('.').map(Number);
	return major === 22 ? minor >= 12 : major === 23 ? minor >= 1 : major > 23;
}

/** The balancer as a step's action uses it: whom it sends requests to, and adding and removing a version. */
export interface Routing {
	readonly targets: readonly Endpoint[];
	/** From now on every request goes to this one. */
	route(endpoint: Endpoint): void;
	add(endpoint: Endpoint): void;
	/** Taken out of the rotation after delayMs (the endpoint-removal lag). */
	removeAfter(endpoint: Endpoint, delayMs: number): void;
}

/** The listener that never closes, as a step's action uses it (SharedListener). */
export interface Holding {
	readonly listening: boolean;
	/** Connections accepted while no version takes them, held until one does. */
	readonly holding: number;
	/** The version it hands connections to; none: it holds them. */
	target: SocketServer | undefined;
}

/** The front door as a step's action uses it (FrontDoor below). */
export interface Door {
	readonly host: string;
	/** The port clients connect to; 0 until something has listened. */
	readonly port: number;
	readonly proxy: Routing;
	readonly shared: Holding;
	listenOn(server: SocketServer, reusePort?: boolean): Promise<ActionResult>;
	openShared(): Promise<ListenResult>;
	openProxy(): Promise<ListenResult>;
	reserve(): Promise<number>;
	handTo(server: SocketServer): SocketServer | undefined;
}

/**
 * The public port the load is aimed at, and whatever holds it: a version's
 * own listener (or several, with reusePort), a listener that never closes
 * and hands connections to the current version, a proxy in front of the
 * versions' own ports, or the cluster primary. Its one rule: the port is 0
 * (any free one) until the first listen succeeds, and that listen fixes it.
 */
export class FrontDoor implements Door {
	readonly shared = new SharedListener();
	readonly proxy: Balancer;
	private fixed: number;

	constructor(
		readonly host: string,
		port: number,
		proxy?: ProxyOptions,
	) {
		this.fixed = port;
		this.proxy = new Balancer(host, proxy);
	}

	/** The port clients connect to; 0 until something has listened. */
	get port(): number {
		return this.fixed;
	}

	/** The version's own listen() on the public port; with reusePort, beside another version's. */
	async listenOn(server: SocketServer, reusePort = false): Promise<ActionResult> {
		const result = this.fix(await server.listen(this.fixed, this.host, reusePort));
		if (!result.ok) return {ok: false, code: result.code, detail: `listen(${this.fixed}) failed: ${result.code}`};
		if (reusePort && !reusePortHonoured()) {
			return {
				ok: true,
				detail: `listening on ${this.host}:${result.port}, but without reusePort: Node ${process.versions.node} ignores the option (22.12+ and 23.1+ honour it)`,
			};
		}

		return {ok: true, detail: `listening on ${this.host}:${result.port}${reusePort ? ' with reusePort' : ''}`};
	}

	/** Opens the listener that never closes (already open: nothing changes). */
	async openShared(): Promise<ListenResult> {
		return this.fix(await this.shared.listen(this.fixed, this.host));
	}

	/** Opens the proxy on the public port (already open: nothing changes). */
	async openProxy(): Promise<ListenResult> {
		return this.fix(await this.proxy.listen(this.fixed));
	}

	/** The cluster primary owns the port: a free one is chosen now, and the workers' listens go through the primary. */
	async reserve(): Promise<number> {
		if (this.fixed === 0) this.fixed = await freePort(this.host);
		return this.fixed;
	}

	/** The shared listener hands new connections (and any it held) to this version; the one before stops getting any. */
	handTo(server: SocketServer): SocketServer | undefined {
		const previous = this.shared.target;
		this.shared.target = server;
		server.serving();
		if (previous && previous !== server) previous.handedOver();
		return previous;
	}

	dispose(): void {
		this.shared.dispose();
		this.proxy.dispose();
	}

	private fix(result: ListenResult): ListenResult {
		if (result.ok && this.fixed === 0) this.fixed = result.port;
		return result;
	}
}
