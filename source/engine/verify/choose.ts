import type {AppProcess, ListenReport} from '../backends/app-process.js';
import {accepts, statusOf} from '../probe.js';
import type {ListenSeen, VerifyMeasurement} from './measurement.js';

/** The listen of an instance that the balancer sends to, and why it was chosen. */
export type Choice = {
	listen: ListenReport;
	/** Its answer to a GET of the load's path before it was chosen (0: none, or not asked). */
	status: number;
	/**
	 * How it was chosen: the one named by --app-port; the one like the old instance's; the first to answer
	 * the path with 2xx or 3xx; the first that accepted a connection.
	 */
	by: 'app-port' | 'like-old' | 'answered-well' | 'accepted';
};

export type ChooseOptions = {
	host: string;
	/** The load's (first) path: the app's server answers it with 2xx or 3xx, asked as the load asks it. */
	path: string;
	request?: {method?: string; headers?: Readonly<Record<string, string>>; body?: string};
	/** The port the app's code asks for, when the learner named it (--app-port). */
	appPort?: number;
	/** The old instance's choice (what it asked for, see askedKey), and its place among the listens that asked for the same: the new one is the same code. */
	like?: {key: string; ordinal: number};
	/** How long to wait for a listen that answers the path well, after the first listen, ms. */
	patienceMs: number;
	/** performance.now() after which there is no choice. */
	until: number;
	stopped: () => boolean;
};

/** What a listen asked for, the same in both instances: the port in PORT (each instance's own) counts as "PORT". */
export function askedKey(app: AppProcess, listen: ListenReport): string {
	return `${String(listen.asked) === String(app.givenPort) ? 'PORT' : String(listen.asked)}@${String(listen.askedHost)}`;
}

/**
 * Which of an instance's listens is the app's server: a listen that has
 * closed again (a port finder's probe) never is, nor one that accepts no
 * connection. Named by --app-port, or like the old instance's choice; else
 * the first whose answer to the load's path is 2xx or 3xx (a probe or
 * metrics server answers it 404); failing that, once the patience has run
 * out, the first that accepts a connection. Resolves undefined when time
 * runs out or the run stops.
 */
export async function chooseListen(app: AppProcess, o: ChooseOptions): Promise<Choice | undefined> {
	const patienceEnds = performance.now() + o.patienceMs;
	while (!o.stopped() && performance.now() < o.until && app.exitedAt === undefined) {
		const open = app.openListens();
		if (o.appPort !== undefined || o.like) {
			const like = o.like;
			const wanted =
				o.appPort === undefined
					? like && open.filter(listen => askedKey(app, listen) === like.key)[like.ordinal]
					: open.find(listen => String(listen.asked) === String(o.appPort));
			if (wanted && (await accepts(o.host, wanted.port))) {
				return {listen: wanted, status: 0, by: o.appPort === undefined ? 'like-old' : 'app-port'};
			}

			// A new instance that asked for something else than the old one did (the same code, on another day): once the
			// patience has run out, its first listen that accepts, as an orchestrator counts it ready once it listens.
			if (o.appPort === undefined && performance.now() >= patienceEnds) {
				for (const listen of open) if (await accepts(o.host, listen.port)) return {listen, status: 0, by: 'accepted'};
			}
		} else {
			let firstAccepting: Choice | undefined;
			for (const listen of open) {
				// A slow route (a report that takes a second) is still the app's: it has the patience to answer.
				const status = await statusOf(o.host, listen.port, o.path, Math.max(1000, o.patienceMs), o.request);
				if (status >= 200 && status < 400) return {listen, status, by: 'answered-well'};
				if (status > 0 || (await accepts(o.host, listen.port))) firstAccepting ??= {listen, status, by: 'accepted'};
			}

			if (firstAccepting && performance.now() >= patienceEnds) return firstAccepting;
		}

		// A timer that holds the process: an app that exits now leaves nothing else running until this loop sees it.
		await new Promise(resolve => {
			setTimeout(resolve, 50);
		});
	}

	return undefined;
}

/** Its place among the instance's open listens that asked for the same port and host (the second listen(0), say). */
export function ordinalOf(app: AppProcess, listen: ListenReport): number {
	const key = askedKey(app, listen);
	return Math.max(
		0,
		app
			.openListens()
			.filter(other => askedKey(app, other) === key)
			.indexOf(listen),
	);
}

/** One listen per port: a cluster's primary and its workers report the same one. */
export function dedupe(listens: ListenReport[]): ListenReport[] {
	const seen = new Set<number>();
	return listens.filter(listen => !seen.has(listen.port) && seen.add(listen.port));
}

const seen = (listen: ListenReport): ListenSeen => ({port: listen.port, askedPort: listen.asked, askedHost: listen.askedHost});

/**
 * What the old instance's listens say once it is gone: the measured one, the others (left out), and its
 * close() after the signal. Listens closed before the signal (a port finder's probe) are not its shutdown.
 * A close() reported after the signal was sent came after it, whatever the two clocks say (the preload's
 * Date.now() is a millisecond coarser): it is placed at the signal at the earliest (`at` turns an epoch
 * time into the run's clock).
 */
export function oldListens(
	old: AppProcess,
	choice: Choice,
	closedBefore: ReadonlySet<ListenReport>,
	signalledAt: number,
	at: (epochMs: number) => number,
): Pick<VerifyMeasurement, 'measured' | 'otherListens'> & Pick<VerifyMeasurement['old'], 'closeCalledAt' | 'calledClose' | 'preloaded'> {
	const listens = old.reports();
	const measured = old.measured!;
	const closeCalled =
		measured.closeCalledAt === undefined || closedBefore.has(measured) ? undefined : Math.max(signalledAt, at(measured.closeCalledAt));
	return {
		measured: {...seen(measured), by: choice.by, status: choice.status},
		otherListens: dedupe(listens.filter(listen => listen.port !== measured.port)).map(seen),
		...(closeCalled === undefined ? {} : {closeCalledAt: closeCalled}),
		calledClose: listens.some(listen => listen.closeCalledAt !== undefined && !closedBefore.has(listen)),
		preloaded: measured.unseen !== true,
	};
}
