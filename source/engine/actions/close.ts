import {cutWords} from '../backends/connections.js';
import {alreadyStopped, stillAccepting, type ActionEntry} from './action.js';

/** Closing a version: its close(), the wait for its connections, and the ways to let them go. */
export const closeActions = {
	'stop-accepting': {
		label: 'close()',
		help: 'server.close(): stop accepting (idle keep-alive connections go too)',
		needsAServer: true,
		async perform(_run, server) {
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
	},
	drain: {
		label: 'drain',
		help: 'wait for its open connections to end (the close callback)',
		needsAServer: true,
		refuses: stillAccepting,
		async perform(run, server) {
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
	},
	'drain-politely': {
		label: 'drain politely',
		help: 'answer with Connection: close, let idle ones go after a grace, then end',
		needsAServer: true,
		async perform(run, server) {
			const open = server.connections;
			const {drained, cut} = await server.drainPolitely(run.politeGraceMs, run.drainDeadlineMs);
			if (drained) {
				return {ok: true, detail: `drained politely: ${open} connection(s) ended, none cut`};
			}

			return {ok: false, code: 'DRAIN_TIMEOUT', detail: `deadline reached after ${run.drainDeadlineMs} ms: ${cut} connection(s) cut`};
		},
	},
	'close-all': {
		label: 'closeAllConnections()',
		help: 'close() and closeAllConnections(): cut everything at once',
		needsAServer: true,
		async perform(_run, server) {
			const cut = server.closeAll();
			return {ok: true, detail: `close() and closeAllConnections(): ${cut} connection(s) cut at once`};
		},
	},
	stop: {
		label: 'stop',
		help: 'cut every connection it holds and stop',
		needsAServer: true,
		refuses: alreadyStopped,
		async perform(_run, server) {
			// What was on each connection at the cut: idle keep-alive ones lose no request.
			const cut = cutWords(server.census());
			server.stop();
			return {ok: true, detail: `${server.label} server stopped; ${cut}`};
		},
	},
	observe: {
		label: 'watch',
		help: 'nothing changes: watch who answers',
		async perform() {
			return {ok: true, detail: 'nothing changes: watching who answers'};
		},
	},
} satisfies Record<string, ActionEntry>;
