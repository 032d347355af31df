import type {Action} from './action.js';
import {closeActions} from './close.js';
import {clusterActions} from './cluster.js';
import {faultActions} from './faults.js';
import {listenActions} from './listen.js';
import {proxyActions} from './proxy.js';
import {sharedActions} from './shared.js';

/**
 * The engine's named actions, by family. A lesson's steps and the sandbox
 * refer to them by name; the lesson schema accepts exactly these names.
 */
export const actions = {
	...listenActions,
	...closeActions,
	...sharedActions,
	...proxyActions,
	...clusterActions,
	...faultActions,
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
