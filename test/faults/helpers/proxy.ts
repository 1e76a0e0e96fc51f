/**
 * A round-robin HTTP load balancer in front of two (or more) app processes, as nginx would be: each
 * request goes to the next backend in turn (not each connection: the browser keeps its connections
 * alive, which would pin it to one process). A backend that refuses the connection is skipped and
 * the request goes to the next one (nginx `proxy_next_upstream error`) — safe for any method,
 * since nothing reached the dead process; a GET or HEAD whose connection is reset before an answer is
 * sent again too. Otherwise a backend that dies mid-request gives 502, as nginx does.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const COMMIT = /^\/api\/v1\/attempts\/\d+\/scos\/\d+\/commit\?/;

export interface Proxy {
  url: string;
  port: number;
  /** Requests answered per backend url. */
  served: Map<string, number>;
  /** Every SCORM commit that went through: its URL, the status answered and the body sent. */
  commits: { path: string; status: number; body: string; backend: string }[];
  close(): Promise<void>;
}

/** `backends` is read on every request: the caller may fill it after the proxy's port is known. */
export async function startProxy(backends: string[]): Promise<Proxy> {
  const served = new Map<string, number>();
  const commits: Proxy['commits'] = [];
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  let next = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const forward = (tries: number) => {
        const backend = backends[next++ % backends.length];
        const target = new URL(backend);
        const upstream = http.request(
          {
            host: target.hostname,
            port: target.port,
            method: req.method,
            path: req.url,
            headers: { ...req.headers, 'x-forwarded-for': req.socket.remoteAddress ?? '' },
            agent,
          },
          (up) => {
            served.set(backend, (served.get(backend) ?? 0) + 1);
            if (req.method === 'POST' && COMMIT.test(req.url ?? ''))
              commits.push({ path: req.url ?? '', status: up.statusCode ?? 0, body: body.toString(), backend });
            res.writeHead(up.statusCode ?? 502, up.headers);
            up.pipe(res);
            up.on('error', () => res.destroy());
          },
        );
        upstream.on('error', (err: NodeJS.ErrnoException) => {
          if (res.headersSent) return void res.destroy();
          // Refused: nothing reached that process, any method may go elsewhere. Reset before an answer
          // (a kept-alive connection the backend had just closed): GET and HEAD may, as with nginx.
          const retry =
            err.code === 'ECONNREFUSED' ||
            (['ECONNRESET', 'EPIPE'].includes(err.code ?? '') && ['GET', 'HEAD'].includes(req.method ?? ''));
          if (retry && tries < backends.length + 1) return forward(tries + 1);
          if (req.method === 'POST' && COMMIT.test(req.url ?? ''))
            commits.push({ path: req.url ?? '', status: 502, body: body.toString(), backend });
          res.writeHead(502, { 'content-type': 'text/plain' }).end('bad gateway');
        });
        upstream.end(body);
      };
      forward(1);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    served,
    commits,
    async close() {
      server.closeAllConnections();
      agent.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
