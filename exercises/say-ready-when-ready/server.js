// catalog-api: loads its product catalogue when it starts, then serves it.
const express = require('express');

const app = express();
let catalogue;

// Loading the catalogue takes a moment (a big file, a slow database).
setTimeout(() => {
	catalogue = ['tea', 'coffee', 'cocoa'];
}, 1500);

// The platform asks this before it sends any traffic here.
app.get('/ready', (request, response) => {
	response.send('ok\n');
});

app.get('/', (request, response) => {
	if (!catalogue) {
		response.status(503).send('still loading\n');
		return;
	}

	response.send(`${catalogue.join(', ')}\n`);
});

const server = app.listen(process.env.PORT ?? 3000, () => {
	console.log('catalog-api listening');
});

// Shutdown is already right: keep serving until the balancer has let go, then close.
process.on('SIGTERM', () => {
	setTimeout(() => {
		server.close(() => process.exit(0));
		server.closeIdleConnections();
	}, 1500);
});
