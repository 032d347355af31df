// prices-api: answers fast, and was given a graceful shutdown last sprint.
const express = require('express');

const app = express();

app.get('/', (request, response) => {
	setTimeout(() => response.send('price: 4.20\n'), 20);
});

const server = app.listen(process.env.PORT ?? 3000, () => {
	console.log('prices-api listening');
});

// Graceful shutdown: stop taking connections, give the requests in flight a moment, exit.
process.on('SIGTERM', () => {
	server.close();
	setTimeout(() => process.exit(0), 200);
});
