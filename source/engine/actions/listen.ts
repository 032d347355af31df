import type {ActionEntry} from './action.js';

/** A version's own listen() on the public port. */
export const listenActions = {
	start: {
		label: 'listen()',
		help: 'listen() on the port, and start the load',
		async perform(run, server) {
			const result = await run.door.listenOn(server);
			if (result.ok) run.startTraffic();
			return result;
		},
	},
	deploy: {
		label: 'load the code',
		help: 'load the version, not listening yet',
		async perform(_run, server) {
			server.deploy();
			return {ok: true, detail: `${server.label} version loaded, not listening yet`};
		},
	},
	'try-listen': {
		label: 'listen()',
		help: 'listen() on the port',
		async perform(run, server) {
			return run.door.listenOn(server);
		},
	},
	listen: {
		label: 'listen()',
		help: 'listen() on the port',
		async perform(run, server) {
			return run.door.listenOn(server);
		},
	},
	'start-reuse-port': {
		label: 'listen(reusePort)',
		help: 'listen() with reusePort, and start the load',
		async perform(run, server) {
			const result = await run.door.listenOn(server, true);
			if (result.ok) run.startTraffic();
			return result;
		},
	},
	'listen-reuse-port': {
		label: 'listen(reusePort)',
		help: 'listen() with reusePort: share the port with the other',
		async perform(run, server) {
			return run.door.listenOn(server, true);
		},
	},
} satisfies Record<string, ActionEntry>;
