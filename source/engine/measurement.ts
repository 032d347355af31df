import type {Backend} from './backends/backend.js';
import type {Traffic} from './traffic/traffic.js';
import type {RunSnapshot} from './snapshot.js';
import {versions, type Version} from './types.js';

/** The figures of a run that neither the load nor a version knows alone: the send rate, the gap, and who answered a timeout. */
export type Figures = Pick<
	RunSnapshot,
	'sendRate' | 'answeredAfterTimeout' | 'timedOutConnecting' | 'firstFailureAt' | 'lastFailureAt' | 'gapMs'
>;

/** Measures what the clients' counts and the versions' own counts say together. */
export class Measurement {
	private firstFailureAt: number | undefined;
	private lastFailureAt: number | undefined;
	private readonly sentHistory: Array<{at: number; sent: number}> = [];

	constructor(
		private readonly traffic: Traffic,
		private readonly backend: (version: Version) => Backend,
	) {}

	/** A request failed at this moment (ms since the run began). */
	failed(at: number): void {
		this.firstFailureAt ??= at;
		this.lastFailureAt = at;
	}

	/** The ticker's beat: what has been sent by now, for the rate over about the last second. */
	tick(at: number): void {
		this.sentHistory.push({at, sent: this.traffic.totals.sent});
		while (this.sentHistory.length > 2 && at - this.sentHistory[0]!.at > 1000) this.sentHistory.shift();
	}

	figures(): Figures {
		// Requests sent over about the last second, by the clock rather than by tick count.
		const oldest = this.sentHistory[0];
		const newest = this.sentHistory.at(-1);
		const sendRate =
			oldest && newest && newest.at > oldest.at ? Math.round(((newest.sent - oldest.sent) * 1000) / (newest.at - oldest.at)) : 0;
		return {
			sendRate,
			answeredAfterTimeout: {old: this.answeredAfterTimeout('old'), new: this.answeredAfterTimeout('new')},
			timedOutConnecting: this.timedOutConnecting(),
			firstFailureAt: this.firstFailureAt,
			lastFailureAt: this.lastFailureAt,
			gapMs: this.firstFailureAt === undefined ? undefined : this.lastFailureAt! - this.firstFailureAt,
		};
	}

	/** Timeouts whose connection was slow to open, and that no version answered (those are answeredAfterTimeout). */
	private timedOutConnecting(): number {
		const answered = (id: number) => versions.some(version => this.backend(version).hasAnswered(id));
		return this.traffic.timedOutConnecting.reduce((count, id) => count + (answered(id) ? 0 : 1), 0);
	}

	/** Requests the clients gave up on (timeouts) that this version answered all the same. */
	private answeredAfterTimeout(version: Version): number {
		const backend = this.backend(version);
		return this.traffic.timedOut.reduce((count, id) => count + (backend.hasAnswered(id) ? 1 : 0), 0);
	}
}
