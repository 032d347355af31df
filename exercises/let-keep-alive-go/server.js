// reports-api: builds a report per request, which takes about a second.
const express = require('express');

const app = express();

app.get('/', (request, response) => {
	setTimeout(() => response.send('report ready\n'), 1000);
});

const server = app.listen(process.env.PORT ?? 3000, () => {
	console.log('reports-api listening');
});

// Keep serving until the balancer has let go, then close and exit once every connection has ended.
process.on('SIGTERM', () => {
	setTimeout(() => {
		server.close(() => process.exit(0));
	}, 1500);
});
