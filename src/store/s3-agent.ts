/**
 * The connection pool of an S3 client: Node's keep-alive agent, plus connections opened before the
 * requests that will use them (preconnect). A job's warm save knows, before its pack is built, that
 * it will send the pack, its index and the catalog at once; opened only then, each connection costs
 * its request a round trip first (two or more with TLS). Opened ahead, they are ready when the
 * requests are.
 *
 * A connection opened ahead does not keep the process alive while it waits (unref), is dropped if
 * it fails or closes first, and is handed to the agent the next time the agent would open a
 * connection of its own; the agent then keeps it like any other. Nothing here sends a byte.
 */
import http from 'node:http';
import type https from 'node:https';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import type tls from 'node:tls';
import { builtinModule } from './builtin-module.js';

/**
 * Node's TLS modules, loaded when an https endpoint first needs them: loading them took ~10 ms of
 * every command's start, which a bucket on plain http (MinIO or Ceph inside the network) never uses.
 */
export function httpsModule(): typeof https {
  return builtinModule<typeof https>('node:https');
}

function tlsModule(): typeof tls {
  return builtinModule<typeof tls>('node:tls');
}

export interface ConnectTarget {
  protocol: 'http:' | 'https:';
  hostname: string;
  port: string;
}

/** Connections opened ahead, waiting for the agent. */
class Waiting {
  private readonly sockets = new Map<net.Socket, () => void>();

  add(socket: net.Socket): void {
    const drop = (): void => {
      this.sockets.delete(socket);
      socket.destroy();
    };
    socket.once('error', drop);
    socket.once('close', drop);
    socket.unref();
    this.sockets.set(socket, drop);
  }

  /** One that is still open, no longer ours: its listeners removed, holding the process again. */
  take(): net.Socket | undefined {
    for (const [socket, drop] of this.sockets) {
      this.sockets.delete(socket);
      socket.removeListener('error', drop);
      socket.removeListener('close', drop);
      if (socket.destroyed) continue;
      socket.ref();
      return socket;
    }
    return undefined;
  }

  get size(): number {
    return this.sockets.size;
  }

  destroy(): void {
    for (const socket of this.sockets.keys()) socket.destroy();
    this.sockets.clear();
  }
}

export interface S3Agent extends http.Agent {
  /** Opens connections to the target until `count` wait unused (at most that many new ones). */
  preconnect(count: number): void;
}

/** A keep-alive agent for the target's protocol that can open connections ahead. */
export function s3Agent(target: ConnectTarget, maxSockets: number): S3Agent {
  const waiting = new Waiting();
  const options = { keepAlive: true, maxSockets };
  const port = Number(target.port) || (target.protocol === 'http:' ? 80 : 443);
  // A name only, as the agent's own TLS connections send it (never an IP address).
  const servername = net.isIP(target.hostname) ? undefined : target.hostname;
  const connect = (): net.Socket =>
    target.protocol === 'http:'
      ? net.connect({ host: target.hostname, port })
      : tlsModule().connect({ host: target.hostname, port, servername });
  const preconnect = (count: number): void => {
    for (let n = waiting.size; n < count; n++) waiting.add(connect());
  };
  // https.Agent's own connections are TLS ones; a waiting one is handed over the same way.
  const Base: new (o: http.AgentOptions) => http.Agent =
    target.protocol === 'http:' ? http.Agent : httpsModule().Agent;
  class Agent extends Base {
    preconnect = preconnect;
    override createConnection(o: http.ClientRequestArgs, cb?: (err: Error | null, s: Duplex) => void) {
      return waiting.take() ?? super.createConnection(o, cb);
    }
    override destroy(): void {
      waiting.destroy();
      super.destroy();
    }
  }
  return new Agent(options);
}
