import {writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';

export const signalCodes = {SIGINT: 130, SIGTERM: 143, SIGHUP: 129} as const;
export type ExitSignal = keyof typeof signalCodes;

/** Ends the process as an unhandled hangup would: by the signal itself. */
function hangUp(): never {
	process.removeAllListeners('SIGHUP');
	process.kill(process.pid, 'SIGHUP');
	// The signal ends the process before this line runs.
	process.exit(signalCodes.SIGHUP);
}

/**
 * Signals and a lost terminal end the process at once, after `cleanUp`
 * (which must close every socket). SIGINT and SIGTERM exit with 130 and
 * 143. After a hangup, or when the terminal's output fails (EIO, EPIPE),
 * nothing more is written: Node 20 can crash exiting on a hung-up
 * terminal, so the process ends by SIGHUP itself.
 */
export function onExitSignals(cleanUp: (signal: ExitSignal) => void): void {
	let leaving = false;
	const leave = (signal: ExitSignal) => {
		if (!leaving) {
			leaving = true;
			cleanUp(signal);
		}

		if (signal === 'SIGHUP') hangUp();
		process.exit(signalCodes[signal]);
	};

	for (const signal of Object.keys(signalCodes) as ExitSignal[]) {
		process.on(signal, () => {
			leave(signal);
		});
	}

	// A terminal that hangs up can fail a read too (EIO): that is a hangup, not a crash.
	process.stdin.on('error', (error: NodeJS.ErrnoException) => {
		leave(error.code === 'EIO' ? 'SIGHUP' : 'SIGTERM');
	});

	for (const stream of [process.stdout, process.stderr]) {
		stream.on('error', (error: NodeJS.ErrnoException) => {
			if (error.code === 'EPIPE') {
				// The reader went away (zdd-learn | head): stop quietly.
				if (!leaving) {
					leaving = true;
					cleanUp('SIGTERM');
				}

				process.exit(0);
			}

			leave('SIGHUP');
		});
	}
}

/** Writes the whole story of a crash to a file, and returns its path (or undefined). */
export function crashLog(error: unknown): string | undefined {
	const file = path.join(os.tmpdir(), `zdd-learn-crash-${new Date().toISOString().replaceAll(/[:.]/g, '-')}.log`);
	const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
	try {
		writeFileSync(file, `zdd-learn ${process.version} ${process.platform}\n${detail}\n`);
		return file;
	} catch {
		return undefined;
	}
}

/**
 * An error nobody caught: clean up (which restores the terminal), then
 * one readable line, the stack in a log file, and exit code 1.
 */
export function onCrash(cleanUp: () => void): void {
	const crash = (error: unknown) => {
		try {
			cleanUp();
		} catch {
			// Keep going: the line below matters more.
		}

		const file = crashLog(error);
		const message = error instanceof Error ? error.message : String(error);
		process.stderr.write(`zdd-learn: unexpected error: ${message}${file ? ` (details in ${file})` : ''}\n`);
		process.exit(1);
	};

	process.on('uncaughtException', crash);
	process.on('unhandledRejection', crash);
}
