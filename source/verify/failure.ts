import {readFileSync} from 'node:fs';
import {stripVTControlCharacters} from 'node:util';
import type {VerifyError} from '../engine/index.js';

/** What --json prints when there is no report: the app could not be verified, or the run was stopped. */
export type VerifyErrorDocument = {
	node: string;
	clean: false;
	error: string;
	/** The app's last lines of output (ANSI escapes stripped). */
	appOutput: string[];
	log: string | null;
};

/** The app's last lines of output, without terminal escapes or Node's own stack frames (node:internal), which say nothing of the app. */
export function lastLines(file: string, count: number): string[] {
	try {
		const text = stripVTControlCharacters(readFileSync(file, 'utf8')).trimEnd();
		if (text === '') return [];
		return text
			.split(/\r?\n/)
			.filter(line => !/^\s+at .*node:internal\//.test(line))
			.slice(-count);
	} catch {
		return [];
	}
}

/** Why the app could not be verified, in one line, then its own last lines of output. */
export function failureText(error: VerifyError): string {
	const tail = lastLines(error.log, 10);
	return `cannot verify: ${error.message}${tail.length > 0 ? `\nthe app's last output (${error.log}):\n${tail.map(line => `  ${line}`).join('\n')}` : ''}`;
}

/** The JSON document for a run that gave no report. */
export function errorDocument(error: string, log?: string): VerifyErrorDocument {
	return {node: process.version, clean: false, error, appOutput: log ? lastLines(log, 10) : [], log: log ?? null};
}
