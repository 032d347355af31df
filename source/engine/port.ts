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
