// UDP listeners for flow export. Every collector worker binds the same port with SO_REUSEPORT, so
// the kernel spreads exporters over the workers (by source address and port hash) with no
// hand-off through the main thread. Where the platform cannot share a port the first worker
// binds alone and the collector runs with that one worker.

import dgram from 'node:dgram';

export interface BindOptions {
  address: string;
  port: number;
  reusePort: boolean;
  recvBufferBytes: number;
}

export interface BoundSocket {
  socket: dgram.Socket;
  port: number;
  reusePort: boolean;
  /** What the kernel granted (Linux doubles the request and caps it at net.core.rmem_max × 2). */
  recvBufferBytes: number;
}

function bindOnce(options: BindOptions, reusePort: boolean): Promise<BoundSocket> {
  return new Promise((resolve, reject) => {
    const type = options.address.includes(':') ? 'udp6' : 'udp4';
    const socket = dgram.createSocket({ type, reusePort, recvBufferSize: options.recvBufferBytes });
    const fail = (err: Error) => {
      socket.close();
      reject(err);
    };
    socket.once('error', fail);
    socket.bind(options.port, options.address, () => {
      socket.off('error', fail);
      let granted = 0;
      try {
        granted = socket.getRecvBufferSize();
      } catch {
        // Some platforms cannot report it; the figure is informational.
      }
      resolve({ socket, port: socket.address().port, reusePort, recvBufferBytes: granted });
    });
  });
}

/** Binds with SO_REUSEPORT when asked, falling back to an exclusive socket when unsupported. */
export async function bindFlowSocket(options: BindOptions): Promise<BoundSocket> {
  if (!options.reusePort) return bindOnce(options, false);
  try {
    return await bindOnce(options, true);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (
      code === 'ENOTSUP' ||
      code === 'EOPNOTSUPP' ||
      code === 'EINVAL' ||
      code === 'ERR_INVALID_ARG_VALUE'
    ) {
      return bindOnce(options, false);
    }
    throw err;
  }
}
