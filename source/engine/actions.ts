import {freePort} from './port.js';
import type {Deployment} from './deployment.js';
import type {StepResult} from './types.js';
import type {VersionServer} from './version-server.js';

type Action = (run: Deployment, server: VersionServer) => Promise<Omit<StepResult, 'durationMs'>>;

/**
 * The engine's named actions. A lesson's steps refer to them by name;
 * they are the only code that touches sockets.
 */
export const actions = {
	async start(run, server) {
		const result = await run.listen(server);
		if (result.ok) run.startTraffic();
		return result;
	},
	async deploy(_run, server) {
		server.deploy();
		return {ok: true, detail: `${server.label} version loaded, not listening yet`};
	},
	async 'try-listen'(run, server) {
		return run.listen(server);
	},
	async listen(run, server) {
		return run.listen(server);
	},
	async 'stop-accepting'(_run, server) {
		if (server.state !== 'listening' && server.state !== 'closing') {
			return {ok: false, detail: `${server.label} server was not running`};
		}

		const listened = server.hasListened;
		const cut = server.stopAccepting();
		// A version fed by a shared listener has no listener of its own, and Node's close() cannot see its
		// connections: the version cuts its idle ones itself, as close() does for a server that listened.
		return listened
			? {ok: true, detail: `close() called: listening socket closed${cut > 0 ? `, ${cut} idle connection(s) cut` : ''}`}
			: {
					ok: true,
					detail: `no listener of its own to close; its ${cut} idle connection(s) cut at once, as close() does for a server that listened`,
				};
	},
	async drain(run, server) {
		const open = server.connections;
		const drained = await server.drain(run.drainDeadlineMs);
		// A version fed by a shared listener never listened: it has no close callback, only connections that end.
		const callback = server.hasListened;
		if (drained) {
			return {
				ok: true,
				detail: callback
					? `close callback ran: ${open} open connection(s) finished`
					: `all ${open} open connection(s) ended (it never listened: no close callback)`,
			};
		}

		// The real code would wait here for ever (busy keep-alive connections never close by themselves).
		// The engine's own deadline, not the lesson's code, cuts them, so the lesson can go on; it says so.
		const cut = server.cutRemaining();
		return {
			ok: false,
			code: 'DRAIN_TIMEOUT',
			detail: `${callback ? 'the close callback had not run' : 'connections still open'} after ${run.drainDeadlineMs} ms: the engine's deadline (not your code) cut ${cut} connection(s) so the lesson can go on`,
		};
	},
	async 'shared-listen'(run, server) {
		const result = await run.shared.listen(run.port, run.host);
		if (!result.ok) return {ok: false, code: result.code, detail: `listen(${run.port}) failed: ${result.code}`};
		if (run.port === 0) run.port = result.port;
		// Already open (the other version had it): this hands it over, as hand-over does.
		const previous = run.shared.target;
		run.shared.target = server;
		server.serving();
		if (previous && previous !== server) previous.handedOver();
		run.startTraffic();
		return {ok: true, detail: `a shared listener on ${run.host}:${result.port} hands connections to ${server.label}`};
	},
	async 'hand-over'(run, server) {
		if (!run.shared.listening) return {ok: false, detail: 'no shared listener to hand over'};
		const previous = run.shared.target;
		const held = run.shared.holding;
		run.shared.target = server;
		server.serving();
		if (previous && previous !== server) previous.handedOver();
		return {
			ok: true,
			detail:
				previous === server
					? `new connections already go to ${server.label}`
					: `new connections now go to ${server.label}; the port never closed${previous ? `; ${previous.label} keeps ${previous.connections} open connection(s)` : ''}${held > 0 ? `; ${held} held connection(s) released to it` : ''}`,
		};
	},
	async 'start-reuse-port'(run, server) {
		const result = await run.listen(server, true);
		if (result.ok) run.startTraffic();
		return result;
	},
	async 'listen-reuse-port'(run, server) {
		return run.listen(server, true);
	},
	async fork(run, server) {
		if (run.port === 0) run.port = await freePort(run.host);
		const worker = run.fork(server.version);
		const result = await worker.listening();
		if (!result.ok) return {ok: false, code: result.code, detail: `worker listen failed: ${result.code}`};
		run.startTraffic();
		return {ok: true, detail: `${server.label} worker (pid ${worker.pid}) listens through the primary, which owns ${run.host}:${run.port}`};
	},
	async 'worker-close'(run, server) {
		const worker = run.workers[server.version];
		if (!worker) return {ok: false, detail: `no ${server.label} worker`};
		worker.stopAccepting();
		const drained = await worker.drain(run.drainDeadlineMs);
		const cut = drained ? 0 : worker.stats.connections;
		await worker.exit();
		return drained
			? {ok: true, detail: `server.close() in the ${server.label} worker; it finished its connections and exited`}
			: {
					ok: false,
					code: 'DRAIN_TIMEOUT',
					detail: `the ${server.label} worker still had ${cut} connection(s) after ${run.drainDeadlineMs} ms: killed`,
				};
	},
	async 'worker-drain-politely'(run, server) {
		const worker = run.workers[server.version];
		if (!worker) return {ok: false, detail: `no ${server.label} worker`};
		const {drained, cut} = await worker.drainPolitely(run.politeGraceMs, run.drainDeadlineMs);
		await worker.exit();
		return drained
			? {ok: true, detail: `the ${server.label} worker drained politely, none cut, and exited`}
			: {ok: false, code: 'DRAIN_TIMEOUT', detail: `deadline reached: ${cut} connection(s) cut; the worker exited`};
	},
	async 'proxy-listen'(run, server) {
		const backend = await server.listen(0, run.host);
		if (!backend.ok) return {ok: false, code: backend.code, detail: `backend listen failed: ${backend.code}`};
		const front = await run.proxy.listen(run.port);
		if (!front.ok) return {ok: false, code: front.code, detail: `proxy listen(${run.port}) failed: ${front.code}`};
		if (run.port === 0) run.port = front.port;
		run.proxy.route(server);
		run.startTraffic();
		return {ok: true, detail: `a proxy on ${run.host}:${front.port} sends every request to ${server.label} on port ${backend.port}`};
	},
	async 'backend-listen'(run, server) {
		const backend = await server.listen(0, run.host);
		if (!backend.ok) return {ok: false, code: backend.code, detail: `listen failed: ${backend.code}`};
		const routed = run.proxy.targets.includes(server);
		return {
			ok: true,
			detail: `${server.label} listens on its own port ${backend.port}; ${routed ? 'the proxy sends it requests' : 'the proxy does not send it anything yet'}`,
		};
	},
	async flip(run, server) {
		run.proxy.route(server);
		return {ok: true, detail: `the proxy now sends every new request to ${server.label}`};
	},
	async 'close-all'(_run, server) {
		const cut = server.closeAll();
		return {ok: true, detail: `close() and closeAllConnections(): ${cut} connection(s) cut at once`};
	},
	async 'endpoints-add'(run, server) {
		run.proxy.add(server);
		return {ok: true, detail: `${server.label} is ready: the Ingress now spreads requests over ${run.proxy.targets.length} endpoint(s)`};
	},
	async 'sigterm-exit'(run, server) {
		run.proxy.removeAfter(server, run.endpointLagMs);
		const cut = server.connections;
		server.stop();
		return {
			ok: true,
			detail: `SIGTERM: ${server.label} exits at once (${cut} connection(s) cut); its endpoint goes in ${run.endpointLagMs} ms`,
		};
	},
	async 'sigterm-close'(run, server) {
		run.proxy.removeAfter(server, run.endpointLagMs);
		server.stopAccepting();
		return {ok: true, detail: `SIGTERM: ${server.label} calls close() at once; its endpoint goes in ${run.endpointLagMs} ms`};
	},
	async 'prestop-sleep'(run, server) {
		run.proxy.removeAfter(server, run.endpointLagMs);
		const sleep = run.endpointLagMs + 200;
		await new Promise(resolve => {
			setTimeout(resolve, sleep);
		});
		return {
			ok: true,
			detail: `preStop: ${server.label} kept serving ${sleep} ms while its endpoint was removed (after ${run.endpointLagMs} ms)`,
		};
	},
	async hold(run, server) {
		if (!run.shared.listening) return {ok: false, detail: 'no shared listener to hold connections'};
		run.shared.target = undefined;
		server.handedOver();
		return {ok: true, detail: 'the listener stays open; new connections wait in it for the next version'};
	},
	async 'drain-politely'(run, server) {
		const open = server.connections;
		const {drained, cut} = await server.drainPolitely(run.politeGraceMs, run.drainDeadlineMs);
		if (drained) {
			return {ok: true, detail: `drained politely: ${open} connection(s) ended, none cut`};
		}

		return {ok: false, code: 'DRAIN_TIMEOUT', detail: `deadline reached after ${run.drainDeadlineMs} ms: ${cut} connection(s) cut`};
	},
	async 'inject-error'(run, server) {
		const count = 5;
		run.failNext(server, 'throw', count);
		return {ok: true, detail: `the ${server.label} handler throws on its next ${count} requests; Express answers each with a 500`};
	},
	async 'inject-hang'(run, server) {
		const count = 3;
		run.failNext(server, 'hang', count);
		return {
			ok: true,
			detail: `the ${server.label} handler never answers its next ${count} requests; each client gives up after ${run.timeoutMs} ms`,
		};
	},
	async crash(run, server) {
		const worker = run.workers[server.version];
		if (worker) {
			const {pid} = worker;
			const cut = worker.stats.connections;
			worker.kill();
			await worker.killed();
			return {ok: true, detail: `the ${server.label} worker (pid ${pid}) was killed with SIGKILL: ${cut} connection(s) cut`};
		}

		const cut = server.connections;
		server.stop();
		return {
			ok: true,
			detail: `${server.label} crashed: its listener and ${cut} connection(s) went with it (as when a process dies)`,
		};
	},
	async observe() {
		return {ok: true, detail: 'nothing changes: watching who answers'};
	},
	async stop(_run, server) {
		const cut = server.connections;
		server.stop();
		return {ok: true, detail: `${server.label} server stopped; ${cut} connection(s) cut`};
	},
} satisfies Record<string, Action>;

export type ActionName = keyof typeof actions;

export const actionNames = Object.keys(actions) as ActionName[];

/** Actions on a server that must have started (listened, or taken connections) first. */
export const needsAServer = new Set<ActionName>([
	'stop-accepting',
	'drain',
	'stop',
	'inject-error',
	'inject-hang',
	'crash',
	'drain-politely',
	'close-all',
	'sigterm-exit',
	'sigterm-close',
	'prestop-sleep',
	'worker-close',
	'worker-drain-politely',
]);
