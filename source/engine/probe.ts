import http from 'node:http';
import net from 'node:net';

/** A pause that never keeps the process alive by itself: once a run is disposed, nothing else waits on it. */
export const sleep = async (ms: number) =>
	new Promise(resolve => {
		setTimeout(resolve, ms).unref();
	});

/** Whether a process is alive (signal 0 reaches it). */
export function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/**
 * One request of path on host:port (a GET, unless `as` says what the load sends), on a connection of its own:
 * the status, or 0 when the request failed (in timeoutMs at most).
 */
export async function statusOf(
	host: string,
	port: number,
	path: string,
	timeoutMs = 1000,
	as: {method?: string; headers?: Readonly<Record<string, string>>; body?: string} = {},
): Promise<number> {
	return new Promise(resolve => {
		const request = http.request(
			{host, port, path, agent: false, timeout: timeoutMs, method: as.method ?? 'GET', headers: as.headers},
			response => {
				response.resume();
				resolve(response.statusCode ?? 0);
			},
		);
		request.on('error', () => {
			resolve(0);
		});
		request.on('timeout', () => {
			request.destroy();
		});
		request.end(as.body);
	});
}

/**
 * Asks host:port for path every 50 ms until it answers 2xx (true), time runs out or stop() says so (false).
 * notReady is told of each answer that was not 2xx (0: the request failed).
 */
export async function answers2xx(
	host: string,
	port: number,
	path: string,
	timeoutMs: number,
	stop: () => boolean,
	notReady: (status: number) => void = () => {},
): Promise<boolean> {
	const until = performance.now() + timeoutMs;
	while (!stop() && performance.now() < until) {
		const status = await statusOf(host, port, path);
		if (status >= 200 && status < 300) return true;
		notReady(status);
		// A timer that holds the process, as the request did: an app that exits now leaves nothing else running.
		await new Promise(resolve => {
			setTimeout(resolve, 50);
		});
	}

	return false;
}

/** Whether host:port accepts a TCP connection now (in a second at most). */
export async function accepts(host: string, port: number): Promise<boolean> {
	return new Promise(resolve => {
		const socket = net.connect({host, port});
		const done = (ok: boolean) => {
			socket.destroy();
			resolve(ok);
		};

		socket.setTimeout(1000, () => {
			done(false);
		});
		socket.once('connect', () => {
			done(true);
		});
		socket.once('error', () => {
			done(false);
		});
	});
}
