package io.nightscore.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on a loopback port in front of a server (the test S3 server) that fails
 * requests as a flaky network does: it resets every third connection, the first one
 * included, once it has passed {@code bytesPerConnection} bytes of the server's answers,
 * mid-response. Clients must retry or reopen to make progress. (The first is faulty
 * because an S3 client that keeps its connections alive may do most of its work over it.)
 */
public final class FaultyTcpProxy implements AutoCloseable {

	private final ServerSocket server;

	private final int targetPort;

	private final long bytesPerConnection;

	private final AtomicInteger resets = new AtomicInteger();

	private final AtomicInteger connections = new AtomicInteger();

	private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

	private volatile boolean closed;

	private FaultyTcpProxy(ServerSocket server, int targetPort, long bytesPerConnection) {
		this.server = server;
		this.targetPort = targetPort;
		this.bytesPerConnection = bytesPerConnection;
	}

	/** A proxy to {@code 127.0.0.1:targetPort} on an ephemeral port of 127.0.0.1. */
	public static FaultyTcpProxy start(int targetPort, long bytesPerConnection) throws IOException {
		FaultyTcpProxy proxy = new FaultyTcpProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), targetPort,
				bytesPerConnection);
		Thread acceptor = new Thread(proxy::accept, "faulty-proxy-" + proxy.port());
		acceptor.setDaemon(true);
		acceptor.start();
		return proxy;
	}

	public int port() {
		return this.server.getLocalPort();
	}

	public String endpoint() {
		return "http://127.0.0.1:" + port();
	}

	/** How many connections the proxy has reset mid-response. */
	public int resets() {
		return this.resets.get();
	}

	@Override
	public void close() {
		this.closed = true;
		closeQuietly(this.server);
		this.sockets.forEach(FaultyTcpProxy::closeQuietly);
	}

	private void accept() {
		while (!this.closed) {
			try {
				Socket client = this.server.accept();
				Socket upstream = new Socket(InetAddress.getLoopbackAddress(), this.targetPort);
				this.sockets.add(client);
				this.sockets.add(upstream);
				pump(client, upstream, Long.MAX_VALUE);
				boolean faulty = this.connections.getAndIncrement() % 3 == 0;
				pump(upstream, client, faulty ? this.bytesPerConnection : Long.MAX_VALUE);
			}
			catch (IOException ex) {
				// closed
			}
		}
	}

	private void pump(Socket from, Socket to, long limit) {
		Thread pump = new Thread(() -> {
			byte[] buffer = new byte[8192];
			long passed = 0;
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
					int allowed = (int) Math.min(n, limit - passed);
					out.write(buffer, 0, allowed);
					out.flush();
					passed += allowed;
					if (passed >= limit) {
						this.resets.incrementAndGet();
						to.setSoLinger(true, 0);
						break;
					}
				}
			}
			catch (IOException ex) {
				// the other side closed
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
			}
		}, "faulty-proxy-pump");
		pump.setDaemon(true);
		pump.start();
	}

	private static void closeQuietly(java.io.Closeable closeable) {
		try {
			closeable.close();
		}
		catch (IOException ex) {
			// already closed
		}
	}

}
