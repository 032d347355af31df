/** A lesson file that cannot be used: says which file, which field, what was expected. */
export class LessonError extends Error {
	constructor(
		readonly file: string,
		readonly problems: string[],
	) {
		const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
		super(`${file}: ${problems[0] ?? 'invalid lesson'}${more}`);
		this.name = 'LessonError';
	}
}
