package io.nightscore.support;

import java.io.IOException;
import java.util.concurrent.TimeoutException;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

/**
 * The RabbitMQ the remote-partitioning tests run against: the one on 127.0.0.1:5672
 * (guest/guest; {@code SPRING_RABBITMQ_HOST} and {@code SPRING_RABBITMQ_PORT} override
 * it), or a {@link PrivateBroker}. Queue names carry the test schema, so that sessions
 * testing in parallel never consume each other's partition requests.
 */
public final class Broker {

	public static final String HOST = env("SPRING_RABBITMQ_HOST", "127.0.0.1");

	public static final int PORT = Integer.parseInt(env("SPRING_RABBITMQ_PORT", "5672"));

	private Broker() {
	}

	/**
	 * A queue name of this test schema: {@code nightscore.<schema>.<name>}.
	 */
	public static String queue(String name) {
		return "nightscore." + TestDatabase.SCHEMA + "." + name;
	}

	/** Delete a queue with whatever requests a former test left in it. */
	public static void deleteQueue(int port, String queue) {
		ConnectionFactory factory = new ConnectionFactory();
		factory.setHost(HOST);
		factory.setPort(port);
		try (Connection connection = factory.newConnection("nightscore test");
				Channel channel = connection.createChannel()) {
			channel.queueDelete(queue);
		}
		catch (IOException | TimeoutException ex) {
			throw new IllegalStateException("Cannot reach RabbitMQ at " + HOST + ":" + port + ": " + ex.getMessage(),
					ex);
		}
	}

	/**
	 * Publish {@code body} to {@code queue} as a persistent message with the given
	 * content type ({@code null}: none), declaring the queue as nightscore does (durable,
	 * no arguments) if it is not there yet.
	 */
	public static void publish(int port, String queue, byte[] body, String contentType) {
		ConnectionFactory factory = new ConnectionFactory();
		factory.setHost(HOST);
		factory.setPort(port);
		try (Connection connection = factory.newConnection("nightscore test");
				Channel channel = connection.createChannel()) {
			channel.queueDeclare(queue, true, false, false, null);
			channel.basicPublish("", queue,
					new AMQP.BasicProperties.Builder().deliveryMode(2).contentType(contentType).build(), body);
		}
		catch (IOException | TimeoutException ex) {
			throw new IllegalStateException("Cannot reach RabbitMQ at " + HOST + ":" + port + ": " + ex.getMessage(),
					ex);
		}
	}

	/** How many messages wait in a queue (not those delivered and unacknowledged). */
	public static long messages(int port, String queue) {
		AMQP.Queue.DeclareOk state = state(port, queue);
		return (state != null) ? state.getMessageCount() : -1;
	}

	/** How many consumers a queue has, or -1 while it does not exist. */
	public static long consumers(int port, String queue) {
		AMQP.Queue.DeclareOk state = state(port, queue);
		return (state != null) ? state.getConsumerCount() : -1;
	}

	/** A queue's counts, or {@code null} if it does not exist. */
	private static AMQP.Queue.DeclareOk state(int port, String queue) {
		ConnectionFactory factory = new ConnectionFactory();
		factory.setHost(HOST);
		factory.setPort(port);
		try (Connection connection = factory.newConnection("nightscore test");
				Channel channel = connection.createChannel()) {
			return channel.queueDeclarePassive(queue);
		}
		catch (IOException | TimeoutException ex) {
			return null;
		}
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null && !value.isBlank()) ? value : fallback;
	}

}
