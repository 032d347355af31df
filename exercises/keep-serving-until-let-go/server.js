// prices-api: answers fast, and was given a graceful shutdown last sprint.
const express = require('express');

const app = express();

app.get('/', (request, response) => {
	setTimeout(() => response.send('price: 4.20\n'), 20);
});

const server = app.listen(process.env.PORT ?? 3000, () => {
	console.log('prices-api listening');
});

// Graceful shutdown: stop taking connections, finish what is in flight, exit.
process.on('SIGTERM', () => {
	server.close(() => process.exit(0));
});
