import type {ActionEntry} from './action.js';

/** A listener that never closes, handing connections to the current version. */
export const sharedActions = {
	'shared-listen': {
		label: 'shared listener',
		help: 'open a listener that never closes and hand its connections to it',
		async perform(run, server) {
			const {door} = run;
			const result = await door.openShared();
			if (!result.ok) return {ok: false, code: result.code, detail: `listen(${door.port}) failed: ${result.code}`};
			// Already open (the other version had it): this hands it over, as hand-over does.
			door.handTo(server);
			run.startTraffic();
			return {ok: true, detail: `a shared listener on ${door.host}:${result.port} hands connections to ${server.label}`};
		},
	},
	'hand-over': {
		label: 'hand over',
		help: "the shared listener's next connections go to it",
		async perform(run, server) {
			const {shared} = run.door;
			if (!shared.listening) return {ok: false, detail: 'no shared listener to hand over'};
			const held = shared.holding;
			const previous = run.door.handTo(server);
			return {
				ok: true,
				detail:
					previous === server
						? `new connections already go to ${server.label}`
						: `new connections now go to ${server.label}; the port never closed${previous ? `; ${previous.label} keeps ${previous.connections} open connection(s)` : ''}${held > 0 ? `; ${held} held connection(s) released to it` : ''}`,
			};
		},
	},
	hold: {
		label: 'hold',
		help: 'the shared listener holds new connections for the next version',
		async perform(run, server) {
			const {shared} = run.door;
			if (!shared.listening) return {ok: false, detail: 'no shared listener to hold connections'};
			shared.target = undefined;
			server.handedOver();
			return {ok: true, detail: 'the listener stays open; new connections wait in it for the next version'};
		},
	},
} satisfies Record<string, ActionEntry>;
