/** What the device protocols' TCP servers share: listening on a port and closing every connection. */
import type { AddressInfo, Server, Socket } from 'node:net';

export interface TcpListener {
  /** starts listening; resolves with the bound port (0 = any free port) */
  listen(port: number, host?: string): Promise<number>;
  /** stops accepting and destroys every open connection */
  close(): Promise<void>;
}

export function tcpListener(server: Server, sockets: ReadonlySet<Socket>, backlog: number): TcpListener {
  return {
    listen(port, host = '0.0.0.0') {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen({ port, host, backlog }, () => {
          server.off('error', reject);
          resolve((server.address() as AddressInfo).port);
        });
      });
    },
    close() {
      return new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        if (!server.listening) return resolve();
        server.close(() => resolve());
      });
    },
  };
}

/** `chunk` appended to `buf` (no copy when nothing is buffered), for stream deframers. */
export function appendBytes(buf: Uint8Array, chunk: Uint8Array): Uint8Array {
  if (buf.length === 0) return chunk;
  const joined = new Uint8Array(buf.length + chunk.length);
  joined.set(buf);
  joined.set(chunk, buf.length);
  return joined;
}
