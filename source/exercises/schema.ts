import {z} from 'zod';
import {findingIds} from '../verify/findings.js';

const text = z.string().trim().min(1, 'expected non-empty text');

/** One exercise: a starter server.js beside this file, with one shutdown flaw that verify finds. */
export const exerciseSchema = z
	.object({
		id: z.string().regex(/^[a-z\d-]+$/, 'expected an id of lowercase letters, digits and dashes'),
		title: text,
		/** The lesson that teaches the fix. */
		lesson: text,
		/** The task, in two lines. */
		task: z.tuple([text, text]),
		/** The deploy it is verified under. */
		settings: z
			.object({
				lagMs: z.number().int().min(0).max(10_000).optional(),
				graceMs: z.number().int().min(500).max(60_000).optional(),
				keepAlive: z.boolean().optional(),
				readyPath: z.string().startsWith('/').optional(),
				signal: z.enum(['SIGTERM', 'SIGINT']).optional(),
			})
			.strict(),
		/** What the starter shows before the fix: at least one of these findings. */
		expects: z.array(z.enum(findingIds)).min(1),
		/** From a nudge to nearly the answer. */
		hints: z.tuple([text, text, text]),
	})
	.strict();

export type Exercise = z.infer<typeof exerciseSchema> & {
	/** The starter file beside the exercise's data. */
	starter: string;
	/** A reference solution beside it: shown after a pass, or on --solution. */
	solution: string;
};
