import type {ActionName} from '../../engine/index.js';
import type {Lesson} from '../../lessons/schema.js';

/** Actions the sandbox always has, on their own keys. */
export const faultKeys = {e: 'inject-error', h: 'inject-hang', x: 'crash'} as const;

/** Actions that are the same thing for a learner at the keyboard (the load is a key of its own). */
const sameAs: Partial<Record<ActionName, ActionName>> = {start: 'listen', 'try-listen': 'listen', 'start-reuse-port': 'listen-reuse-port'};
const notActions = new Set<ActionName>(['observe', 'deploy', ...Object.values(faultKeys)]);

/** The lesson's own actions, from its steps and its contrasts', in the order they first appear; at most nine. */
export function sandboxActions(lesson: Pick<Lesson, 'steps' | 'contrasts'>): ActionName[] {
	const all = [...lesson.steps, ...lesson.contrasts.flatMap(c => c.steps)].map(step => sameAs[step.action] ?? step.action);
	return [...new Set(all.filter(action => !notActions.has(action)))].slice(0, 9);
}
