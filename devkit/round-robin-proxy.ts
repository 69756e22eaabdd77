import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small HTTP reverse proxy for tests: each request goes to the next backend in turn (what the compose
 * override's proxy does in front of `bot` scaled out). A backend that refuses the connection (a killed process)
 * is skipped for that request; when none answers the client gets 502, as from a real proxy.
 */
export class RoundRobinProxy {
  private server: http.Server | null = null;
  private next = 0;
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

  constructor(private backends: string[]) {}

  get url(): string {
    const address = this.server?.address() as AddressInfo | null;
    if (!address) throw new Error('the proxy is not listening');
    return `http://127.0.0.1:${address.port}`;
  }

  setBackends(backends: string[]): void {
    this.backends = backends;
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => this.forward(req, Buffer.concat(chunks), res, this.backends.length));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  private forward(req: http.IncomingMessage, body: Buffer, res: http.ServerResponse, triesLeft: number): void {
    if (triesLeft <= 0 || this.backends.length === 0) {
      res.writeHead(502).end();
      return;
    }
    const backend = new URL(this.backends[this.next++ % this.backends.length]);
    const upstream = http.request({ host: backend.hostname, port: backend.port, method: req.method, path: req.url, headers: req.headers, agent: this.agent }, (response) => {
      res.writeHead(response.statusCode ?? 502, response.headers);
      response.pipe(res);
    });
    upstream.on('error', (error: NodeJS.ErrnoException) => {
      // Nothing was sent to a backend that refused the connection: try the next one.
      if (error.code === 'ECONNREFUSED' && !res.headersSent) return this.forward(req, body, res, triesLeft - 1);
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    upstream.end(body);
  }

  async stop(): Promise<void> {
    this.agent.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server?.closeAllConnections();
  }
}
