// Berth Node starter: edit this file, commit and `git push` to deploy.
const http = require('node:http');
const fs = require('node:fs');

const port = Number(process.env.PORT || 8080);

function revision() {
  try {
    return fs.readFileSync(__dirname + '/REVISION', 'utf8').trim();
  } catch {
    return 'unknown';
  }
}

const server = http.createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Hello from Node.js</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto">
  <h1>Hello from Node.js ${process.version}</h1>
  <p>Running on Berth.</p>
  <p>Commit: <code>${revision()}</code></p>
</body>
</html>`);
});

server.listen(port, '0.0.0.0', () => console.log(`listening on ${port}`));

// Finish in-flight requests, then exit, when Berth stops this instance.
process.on('SIGTERM', () => server.close(() => process.exit(0)));
