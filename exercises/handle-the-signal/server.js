// orders-api: a small Express service that has run in production for a year.
// Nobody has looked at what happens to it during a deploy.
const express = require('express');

const app = express();

// Taking an order waits on the (pretend) database for a moment.
app.get('/', (request, response) => {
	setTimeout(() => response.send('order accepted\n'), 300);
});

app.listen(process.env.PORT ?? 3000, () => {
	console.log('orders-api listening');
});
