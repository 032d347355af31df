import {alreadyStopped, type ActionEntry} from './action.js';

/** What goes wrong on its own: a handler that throws or hangs, a process that dies. */
export const faultActions = {
	'inject-error': {
		label: 'fault: handler throws',
		help: 'its handler throws on the next 5 requests (500)',
		needsAServer: true,
		async perform(run, server) {
			const count = 5;
			run.backend(server.version).failNext('throw', count);
			return {ok: true, detail: `the ${server.label} handler throws on its next ${count} requests; Express answers each with a 500`};
		},
	},
	'inject-hang': {
		label: 'fault: handler hangs',
		help: 'its handler never answers the next 3 (timeouts)',
		needsAServer: true,
		async perform(run, server) {
			const count = 3;
			run.backend(server.version).failNext('hang', count);
			return {
				ok: true,
				detail: `the ${server.label} handler never answers its next ${count} requests; each client gives up after ${run.timeoutMs} ms`,
			};
		},
	},
	crash: {
		label: 'crash',
		help: 'it crashes (its process dies)',
		needsAServer: true,
		refuses: alreadyStopped,
		async perform(run, server) {
			const backend = run.backend(server.version);
			const {pid} = backend;
			const cut = backend.snapshot().connections;
			await backend.kill();
			return pid === undefined
				? {ok: true, detail: `${server.label} crashed: its listener and ${cut} connection(s) went with it (as when a process dies)`}
				: {ok: true, detail: `the ${server.label} worker (pid ${pid}) was killed with SIGKILL: ${cut} connection(s) cut`};
		},
	},
} satisfies Record<string, ActionEntry>;
