import {appendFileSync} from 'node:fs';
import process from 'node:process';

/**
 * Appends verify's Markdown to the file $GITHUB_STEP_SUMMARY names, as a
 * GitHub Actions step's summary is written (any CI may set it to keep the
 * Markdown as an artifact). Not set: nothing. A file that cannot be
 * written is said in one line; the verdict and its exit code stand.
 */
export function toStepSummary(markdown: string): void {
	const file = process.env['GITHUB_STEP_SUMMARY'];
	if (!file) return;
	try {
		appendFileSync(file, markdown.endsWith('\n') ? markdown : `${markdown}\n`);
	} catch (error) {
		process.stderr.write(`zdd-learn: could not write the summary to ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`);
	}
}

/** The summary of a run that gave no report: why, in a heading and a line. */
export function failureSummary(message: string): string {
	const [first = '', ...rest] = message.split('\n');
	return `### zdd-learn verify: ✖ ${first}\n${rest.length > 0 ? `\n\`\`\`\n${rest.join('\n')}\n\`\`\`\n` : ''}`;
}
