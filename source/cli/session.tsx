import process from 'node:process';
import {render} from 'ink';
import type {ReactElement} from 'react';
import {Lab} from '../engine/index.js';
import type {Options} from './options.js';
import {onCrash, onExitSignals} from './exit.js';
import {LifecycleRoot, type ExitReason} from '../ui/Root.js';

/** The terminal back in cooked mode, whatever state it is in (a hangup may have closed it). */
function cookedMode(): void {
	try {
		if (process.stdin.isTTY) process.stdin.setRawMode(false);
	} catch {
		// No terminal left to restore.
	}
}

/**
 * The session: the lab that owns every run, and the app on screen if there is one. The one
 * registration for signals and crashes ends both; so does the end of the session.
 */
export class Session {
	readonly lab: Lab;
	private unmount: (() => void) | undefined;
	private readonly owned = new Set<(signal?: string) => void>();

	constructor(options: Pick<Options, 'port' | 'rate' | 'keepAlive'>) {
		this.lab = new Lab({port: options.port, rate: options.rate, keepAlive: options.keepAlive});
		onExitSignals(signal => {
			this.end(signal);
		});
		onCrash(() => {
			this.end();
		});
	}

	/** Draws the app inside the one lifecycle root; resolves when it exits (Ctrl+C: exit code 130). */
	async show(app: ReactElement): Promise<void> {
		// Raw mode before the first frame: Ink turns it on in an effect a little after drawing, and a key typed at
		// the frame before then would reach it as the terminal's line discipline made it (Enter as a newline).
		// Ink reads what was typed once it takes the keyboard, and turns raw mode off when it lets go.
		if (process.stdin.isTTY) process.stdin.setRawMode(true);
		let reason: ExitReason | undefined;
		try {
			const instance = render(<LifecycleRoot>{app}</LifecycleRoot>, {exitOnCtrlC: false});
			this.unmount = () => {
				instance.unmount();
				cookedMode();
			};

			reason = (await instance.waitUntilExit()) as ExitReason | undefined;
		} finally {
			this.unmount = undefined;
			cookedMode();
		}

		// The shell's prompt (or what follows) starts on a line of its own, not after the last frame's footer.
		process.stdout.write('\n');
		if (reason === 'interrupt') process.exitCode = 130;
	}

	/** Something else to close when the session ends (a verify run and the app's processes); told the signal that ended it, if one did. */
	own(dispose: (signal?: string) => void): () => void {
		this.owned.add(dispose);
		return () => {
			this.owned.delete(dispose);
		};
	}

	/** Closes every socket and process, then restores the terminal, ignoring failure. */
	end(signal?: string): void {
		this.lab.dispose();
		for (const dispose of this.owned) dispose(signal);
		try {
			// Shows the cursor and turns raw mode off. After a real hangup the terminal is gone and this
			// may fail; a SIGHUP sent from outside leaves the terminal there, to be restored.
			if (this.unmount) {
				this.unmount();
				process.stdout.write('\n');
			}
		} catch {
			// Nothing left to restore.
		}
	}
}
