import net from 'node:net';

export const sleep = async (ms: number) =>
	new Promise<void>(resolve => {
		setTimeout(resolve, ms);
	});

/** Resolves with the connect error code, or 'connected'. */
export async function tryConnect(port: number, host = '127.0.0.1'): Promise<string> {
	return new Promise(resolve => {
		const socket = net.connect({port, host});
		socket.once('connect', () => {
			socket.destroy();
			resolve('connected');
		});
		socket.once('error', (error: NodeJS.ErrnoException) => {
			resolve(error.code ?? error.message);
		});
	});
}
