import type {Action} from './action.js';

/** A version's own listen() on the public port. */
export const listenActions = {
	async start(run, server) {
		const result = await run.door.listenOn(server);
		if (result.ok) run.startTraffic();
		return result;
	},
	async deploy(_run, server) {
		server.deploy();
		return {ok: true, detail: `${server.label} version loaded, not listening yet`};
	},
	async 'try-listen'(run, server) {
		return run.door.listenOn(server);
	},
	async listen(run, server) {
		return run.door.listenOn(server);
	},
	async 'start-reuse-port'(run, server) {
		const result = await run.door.listenOn(server, true);
		if (result.ok) run.startTraffic();
		return result;
	},
	async 'listen-reuse-port'(run, server) {
		return run.door.listenOn(server, true);
	},
} satisfies Record<string, Action>;
