import type {ActionEntry} from './action.js';

/** A cluster primary that owns the port, and one worker process per version. */
export const clusterActions = {
	fork: {
		label: 'fork a worker',
		help: 'fork it as a cluster worker; the primary owns the port',
		async perform(run, server) {
			const port = await run.door.reserve();
			const worker = run.fork(server.version);
			const result = await worker.listening();
			if (!result.ok) return {ok: false, code: result.code, detail: `worker listen failed: ${result.code}`};
			run.startTraffic();
			return {
				ok: true,
				detail: `${server.label} worker (pid ${worker.pid}) listens through the primary, which owns ${run.door.host}:${port}`,
			};
		},
	},
	'worker-close': {
		label: 'worker close()',
		help: 'the worker calls close(), drains, and exits',
		needsAServer: true,
		async perform(run, server) {
			const backend = run.backend(server.version);
			backend.stopAccepting();
			const drained = await backend.drain(run.drainDeadlineMs);
			const cut = drained ? 0 : backend.snapshot().connections;
			await backend.exit();
			// A version not forked into a worker runs in this process: the same close, said of it.
			const where = backend.pid === undefined ? server.label : `the ${server.label} worker`;
			return drained
				? {ok: true, detail: `server.close() in ${where}; it finished its connections and exited`}
				: {ok: false, code: 'DRAIN_TIMEOUT', detail: `${where} still had ${cut} connection(s) after ${run.drainDeadlineMs} ms: killed`};
		},
	},
	'worker-drain-politely': {
		label: 'worker drains',
		help: 'the worker drains politely (Connection: close), then exits',
		needsAServer: true,
		async perform(run, server) {
			const backend = run.backend(server.version);
			const {drained, cut} = await backend.drainPolitely(run.politeGraceMs, run.drainDeadlineMs);
			await backend.exit();
			const where = backend.pid === undefined ? server.label : `the ${server.label} worker`;
			return drained
				? {ok: true, detail: `${where} drained politely, none cut, and exited`}
				: {ok: false, code: 'DRAIN_TIMEOUT', detail: `deadline reached: ${cut} connection(s) cut; the worker exited`};
		},
	},
} satisfies Record<string, ActionEntry>;
