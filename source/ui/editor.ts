import {spawnSync} from 'node:child_process';
import process from 'node:process';

/** The learner's editor, as the shell names it: $VISUAL, else $EDITOR; undefined when neither is set. */
export function editorCommand(env: NodeJS.ProcessEnv = process.env): string | undefined {
	return [env['VISUAL'], env['EDITOR']].find(value => value !== undefined && value.trim() !== '')?.trim();
}

/** A path as one shell word (cmd.exe on Windows takes double quotes). */
const shellWord = (text: string) => (process.platform === 'win32' ? `"${text}"` : `'${text.replaceAll("'", `'\\''`)}'`);

/**
 * Runs the editor on the file and waits for it, with the terminal as a shell
 * would give it: not raw, and a Ctrl+C typed in it is the editor's own (it
 * reaches this process too, and is let go until a moment after the editor
 * exits). Clears what the editor left on the screen. Returns what its exit
 * says when it did not exit cleanly.
 */
export function openInEditor(
	editor: string,
	file: string,
	terminal: {stdin: NodeJS.ReadStream; stdout: NodeJS.WriteStream},
): string | undefined {
	const raw = terminal.stdin.isTTY === true;
	if (raw) terminal.stdin.setRawMode(false);
	// zdd-learn's own SIGINT handlers (which would end it) step aside while the editor runs.
	const handlers = process.listeners('SIGINT');
	const ignore = () => {};
	process.removeAllListeners('SIGINT');
	process.on('SIGINT', ignore);
	const result = spawnSync(`${editor} ${shellWord(file)}`, {shell: true, stdio: 'inherit'});
	// The signal of a Ctrl+C pressed last in the editor may be delivered after it exits.
	setTimeout(() => {
		process.off('SIGINT', ignore);
		for (const handler of handlers) process.on('SIGINT', handler);
	}, 100);
	if (raw) terminal.stdin.setRawMode(true);
	// Whatever the editor left on the screen goes (not the scrollback); the next frame is drawn whole.
	terminal.stdout.write('\u001B[2J\u001B[H');
	if (result.error) return `${editor} did not start: ${result.error.message}`;
	if (result.status === 0) return undefined;
	return `${editor} exited with ${result.status === null ? String(result.signal) : `code ${result.status}`}`;
}
