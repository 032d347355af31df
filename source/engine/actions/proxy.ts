import {cutWords} from '../backends/connections.js';
import {answers2xx} from '../probe.js';
import {noAddress, type ActionEntry} from './action.js';

/** How long a readiness wait lasts at most, ms. */
const readyTimeoutMs = 10_000;

export const proxyActions = {
	'proxy-listen': {
		label: 'proxy + listen',
		help: 'listen on its own port behind a proxy that owns the public port',
		async perform(run, server) {
			const {door} = run;
			const backend = await server.listen(0, door.host);
			if (!backend.ok) return {ok: false, code: backend.code, detail: `backend listen failed: ${backend.code}`};
			const front = await door.openProxy();
			if (!front.ok) return {ok: false, code: front.code, detail: `proxy listen(${door.port}) failed: ${front.code}`};
			door.proxy.route(server);
			run.startTraffic();
			return {ok: true, detail: `a proxy on ${door.host}:${front.port} sends every request to ${server.label} on port ${backend.port}`};
		},
	},
	'backend-listen': {
		label: 'listen (own port)',
		help: 'listen on its own port; the proxy sends it nothing yet',
		async perform(run, server) {
			const backend = await server.listen(0, run.door.host);
			if (!backend.ok) return {ok: false, code: backend.code, detail: `listen failed: ${backend.code}`};
			const routed = run.door.proxy.targets.includes(server);
			return {
				ok: true,
				detail: `${server.label} listens on its own port ${backend.port}; ${routed ? 'the proxy sends it requests' : 'the proxy does not send it anything yet'}`,
			};
		},
	},
	/** A readiness probe: GET /healthz on the version's own port every 50 ms, until it answers 2xx. */
	'wait-ready': {
		label: 'wait for /healthz',
		help: 'ask its readiness path, /healthz, until it answers 2xx',
		async perform(run, server) {
			const port = server.port;
			if (port === undefined) return {ok: false, code: 'NOT_LISTENING', detail: `${server.label} has no port of its own to ask`};
			const started = performance.now();
			let notReady = 0;
			const ready = await answers2xx(
				run.door.host,
				port,
				'/healthz',
				readyTimeoutMs,
				() => run.isDisposed,
				() => notReady++,
			);
			return ready
				? {
						ok: true,
						detail: `${server.label} answered 2xx on /healthz ${Math.round(performance.now() - started)} ms after the first probe; ${notReady} earlier probe(s) were not 2xx`,
					}
				: {ok: false, code: 'NOT_READY', detail: `${server.label} did not answer 2xx on /healthz within ${readyTimeoutMs} ms`};
		},
	},
	flip: {
		label: 'flip',
		help: 'the proxy sends every new request to it',
		refuses: noAddress,
		async perform(run, server) {
			run.door.proxy.route(server);
			return {ok: true, detail: `the proxy now sends every new request to ${server.label}`};
		},
	},
	'endpoints-add': {
		label: 'add endpoint',
		help: 'it is ready: the Ingress adds it to its endpoints',
		refuses: noAddress,
		async perform(run, server) {
			const {proxy} = run.door;
			proxy.add(server);
			return {ok: true, detail: `${server.label} is ready: the Ingress now spreads requests over ${proxy.targets.length} endpoint(s)`};
		},
	},
	'sigterm-exit': {
		label: 'SIGTERM: exit',
		help: 'SIGTERM, and it exits at once (its endpoint goes after a lag)',
		needsAServer: true,
		async perform(run, server) {
			run.door.proxy.removeAfter(server, run.endpointLagMs);
			const cut = cutWords(server.census());
			server.stop();
			return {
				ok: true,
				detail: `SIGTERM: ${server.label} exits at once (${cut}); its endpoint goes in ${run.endpointLagMs} ms`,
			};
		},
	},
	'sigterm-close': {
		label: 'SIGTERM: close()',
		help: 'SIGTERM, and it calls close() at once (its endpoint goes after a lag)',
		needsAServer: true,
		async perform(run, server) {
			run.door.proxy.removeAfter(server, run.endpointLagMs);
			server.stopAccepting();
			return {ok: true, detail: `SIGTERM: ${server.label} calls close() at once; its endpoint goes in ${run.endpointLagMs} ms`};
		},
	},
	'prestop-sleep': {
		label: 'preStop sleep',
		help: 'preStop: keep serving while its endpoint is removed',
		needsAServer: true,
		async perform(run, server) {
			run.door.proxy.removeAfter(server, run.endpointLagMs);
			const sleep = run.endpointLagMs + 200;
			await new Promise(resolve => {
				setTimeout(resolve, sleep);
			});
			return {
				ok: true,
				detail: `preStop: ${server.label} kept serving ${sleep} ms while its endpoint was removed (after ${run.endpointLagMs} ms)`,
			};
		},
	},
} satisfies Record<string, ActionEntry>;
