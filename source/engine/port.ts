import net from 'node:net';

/** Whether a port on host can be bound right now; the probe is closed again at once. */
export async function portIsFree(port: number, host: string): Promise<boolean> {
	return new Promise(resolve => {
		const probe = net.createServer();
		probe.once('error', () => {
			resolve(false);
		});
		probe.listen({port, host, exclusive: true}, () => {
			probe.close(() => {
				resolve(true);
			});
		});
	});
}

/** A port the system considers free right now (bound and released at once). */
export async function freePort(host: string): Promise<number> {
	return new Promise((resolve, reject) => {
		const probe = net.createServer();
		probe.once('error', reject);
		probe.listen({port: 0, host}, () => {
			const {port} = probe.address() as net.AddressInfo;
			probe.close(() => {
				resolve(port);
			});
		});
	});
}
