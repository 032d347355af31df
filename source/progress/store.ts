import {mkdirSync, readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
// zod's small build (functions, not methods): the progress file is read before the first frame, and the
// whole of zod would cost every start. Its messages in English, as the classic build sets them.
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import {outcomes, type Outcome} from '../engine/index.js';
import type {RunRecord} from '../lessons/summary.js';

z.config(en());

const count = z.number().check(z.int(), z.minimum(0));

/** Each outcome's count; 0 when absent (a file written before a step kept them all). */
const outcomeFields = Object.fromEntries(outcomes.map(outcome => [outcome, z._default(count, 0)])) as Record<
	Outcome,
	z.ZodMiniDefault<typeof count>
>;

const runRecord = z.object({
	at: z.string(),
	/** Per step, what the requests sent in it became. */
	steps: z.array(z.object({sent: count, ...outcomeFields, durationMs: z.number().check(z.minimum(0))})),
	sent: count,
	failed: count,
	gapMs: z.optional(z.number().check(z.minimum(0))),
	auto: z.boolean(),
}) satisfies z.ZodMiniType<RunRecord>;

const lessonProgress = z.object({
	completed: z._default(z.boolean(), false),
	quiz: z.optional(z.object({best: count, of: count, attempts: count})),
	lastRun: z.optional(runRecord),
});

export const progressSchema = z.object({
	version: z.literal(1),
	lessons: z._default(z.record(z.string(), lessonProgress), {}),
	last: z.optional(z.object({lesson: z.string(), mode: z.string(), step: count})),
	/** The app last checked with "Check your own server": its path, as typed. */
	verify: z.optional(z.object({last: z.string()})),
	/** Each exercise checked: whether its last check passed, and whether one ever did. */
	exercises: z.optional(z.record(z.string(), z.object({passed: z.boolean(), lastPassed: z.boolean()}))),
});

export type Progress = z.infer<typeof progressSchema>;
export type LessonProgress = z.infer<typeof lessonProgress>;
export type {RunRecord};

export function emptyProgress(): Progress {
	return {version: 1, lessons: {}};
}

export {configDir} from './config-dir.js';

function reason(error: unknown): string {
	const code = (error as NodeJS.ErrnoException).code;
	return code ?? (error instanceof Error ? error.message : String(error));
}

/**
 * The learner's progress in one small JSON file. Writes are atomic (a temp
 * file, then a rename). A file that cannot be read or understood is never
 * overwritten: it is kept as a backup beside it, with one warning.
 */
export class ProgressStore {
	readonly file: string;
	/** Off when saving could lose what the learner had, or cannot work. */
	private canSave = true;
	private warned = false;

	constructor(readonly dir: string) {
		this.file = path.join(dir, 'progress.json');
	}

	load(): {progress: Progress; warning?: string} {
		let text: string;
		try {
			text = readFileSync(this.file, 'utf8');
		} catch (error) {
			const code = (error as NodeJS.ErrnoException).code;
			if (code === 'ENOENT' || code === 'ENOTDIR') return {progress: emptyProgress()};
			this.canSave = false;
			return {
				progress: emptyProgress(),
				warning: `could not read your progress (${this.file}: ${reason(error)}); it is left as it is and this session will not be saved`,
			};
		}

		let problem: string;
		try {
			const parsed = progressSchema.safeParse(JSON.parse(text));
			if (parsed.success) return {progress: parsed.data};
			const issue = parsed.error.issues[0]!;
			problem = `${issue.path.join('.') || 'top level'}: ${issue.message}`;
		} catch (error) {
			problem = `not valid JSON: ${(error as Error).message}`;
		}

		const backup = `${this.file}.corrupt-${new Date().toISOString().replaceAll(/[:.]/g, '-')}`;
		try {
			renameSync(this.file, backup);
		} catch (error) {
			this.canSave = false;
			return {
				progress: emptyProgress(),
				warning: `your progress file is damaged (${problem}) and could not be backed up (${reason(error)}); this session will not be saved`,
			};
		}

		return {progress: emptyProgress(), warning: `your progress file was damaged; it is kept as ${backup} and you start fresh (${problem})`};
	}

	/** Saves atomically; returns a warning the first time saving fails. */
	save(progress: Progress): string | undefined {
		if (!this.canSave) return undefined;
		const temporary = `${this.file}.${process.pid}.tmp`;
		try {
			mkdirSync(this.dir, {recursive: true});
			writeFileSync(temporary, `${JSON.stringify(progress, undefined, '\t')}\n`);
			renameSync(temporary, this.file);
			return undefined;
		} catch (error) {
			try {
				rmSync(temporary, {force: true});
			} catch {
				// Nothing was written there.
			}

			if (this.warned) return undefined;
			this.warned = true;
			return `progress is not being saved: ${this.dir} is not writable (${reason(error)})`;
		}
	}

	reset(): void {
		rmSync(this.file, {force: true});
	}
}
