import type {ActionEntry} from './action.js';
import {closeActions} from './close.js';
import {clusterActions} from './cluster.js';
import {faultActions} from './faults.js';
import {listenActions} from './listen.js';
import {proxyActions} from './proxy.js';
import {sharedActions} from './shared.js';

/**
 * The engine's named actions, by family, each with what it needs, what it
 * refuses and its words. A lesson's steps and the sandbox refer to them by
 * name; the lesson schema accepts exactly these names. A new action is one
 * more entry in a family here.
 */
export const actions = {
	...listenActions,
	...closeActions,
	...sharedActions,
	...proxyActions,
	...clusterActions,
	...faultActions,
} satisfies Record<string, ActionEntry>;

export type ActionName = keyof typeof actions;

export const actionNames = Object.keys(actions) as ActionName[];
