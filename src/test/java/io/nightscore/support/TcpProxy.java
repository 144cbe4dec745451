package io.nightscore.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on a loopback port in front of the test database, which a test
 * {@linkplain #cut() cuts} to make PostgreSQL go away for a child process: every open
 * connection is closed and new ones are refused, as when the server is down. Other
 * sessions of the real server are not touched.
 */
public final class TcpProxy implements AutoCloseable {

	private final ServerSocket server;

	private final String targetHost;

	private final int targetPort;

	private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

	private volatile boolean cut;

	private TcpProxy(ServerSocket server, String targetHost, int targetPort) {
		this.server = server;
		this.targetHost = targetHost;
		this.targetPort = targetPort;
	}

	/** A proxy to the test database on an ephemeral port of 127.0.0.1. */
	public static TcpProxy toTestDatabase() throws IOException {
		URI uri = URI.create(TestDatabase.url().substring("jdbc:".length()));
		return to(uri.getHost(), (uri.getPort() > 0) ? uri.getPort() : 5432);
	}

	/** A proxy to {@code host:port} on an ephemeral port of 127.0.0.1. */
	public static TcpProxy to(String host, int port) throws IOException {
		TcpProxy proxy = new TcpProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), host, port);
		Thread acceptor = new Thread(proxy::accept, "tcp-proxy-" + proxy.port());
		acceptor.setDaemon(true);
		acceptor.start();
		return proxy;
	}

	public int port() {
		return this.server.getLocalPort();
	}

	/** Close every connection through the proxy and refuse new ones. */
	public void cut() {
		this.cut = true;
		closeQuietly(this.server);
		this.sockets.forEach(TcpProxy::closeQuietly);
	}

	/**
	 * Close every connection through the proxy, as a network blip does, but accept new
	 * ones.
	 * @return how many connections were closed
	 */
	public int dropConnections() {
		int dropped = this.sockets.size() / 2;
		this.sockets.forEach(TcpProxy::closeQuietly);
		this.sockets.clear();
		return dropped;
	}

	@Override
	public void close() {
		cut();
	}

	private void accept() {
		while (!this.cut) {
			try {
				Socket client = this.server.accept();
				Socket upstream = new Socket(this.targetHost, this.targetPort);
				client.setTcpNoDelay(true);
				upstream.setTcpNoDelay(true);
				this.sockets.add(client);
				this.sockets.add(upstream);
				if (this.cut) {
					closeQuietly(client);
					closeQuietly(upstream);
					return;
				}
				pump(client, upstream);
				pump(upstream, client);
			}
			catch (IOException ex) {
				// the server socket was closed by cut(), or the upstream refused
			}
		}
	}

	private void pump(Socket from, Socket to) {
		Thread thread = new Thread(() -> {
			byte[] buffer = new byte[16384];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
					out.write(buffer, 0, n);
					out.flush();
				}
			}
			catch (IOException ex) {
				// one side closed
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
			}
		}, "tcp-proxy-pump");
		thread.setDaemon(true);
		thread.start();
	}

	private static void closeQuietly(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// already closed
		}
	}

}
