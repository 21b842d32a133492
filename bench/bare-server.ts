// The baseline: a plain node:http server that answers every request with one page's bytes and nothing
// else to do. Run as its own process, like Rostrum, so both get a core of their own from the scheduler.
//
// Usage: node --import tsx bench/bare-server.ts <body file> <content type>   (PORT and HOST from the environment)
import fs from 'node:fs';
import http from 'node:http';

const [bodyFile, contentType] = process.argv.slice(2);
if (!bodyFile || !contentType) {
  console.error('usage: bare-server.ts <body file> <content type>');
  process.exit(2);
}
const body = fs.readFileSync(bodyFile);
const headers = { 'content-type': contentType, 'content-length': String(body.length) };

const server = http.createServer((_request, response) => {
  response.writeHead(200, headers);
  response.end(body);
});
server.listen(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1');
process.once('SIGTERM', () => server.close(() => process.exit(0)));
