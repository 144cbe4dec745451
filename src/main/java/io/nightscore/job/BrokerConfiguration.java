package io.nightscore.job;

import java.util.HashMap;
import java.util.Map;

import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.config.EnableIntegration;

/**
 * The RabbitMQ connection and the partition-request queue that a manager
 * ({@code score --workers remote}) and its workers share. Only created when the process
 * has a remote role: a local run and the other commands never load the broker's classes
 * nor connect to it.
 *
 * <p>
 * The queue is durable and its messages persistent, so requests survive a broker restart;
 * both roles declare it with the same arguments. A request is acknowledged only after its
 * partition ended, so a worker killed mid-partition gets its request redelivered (and
 * ignored: see {@link PartitionRequestHandler}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(RemoteProperties.ROLE)
@EnableIntegration
@EnableConfigurationProperties({ RemoteProperties.class, BrokerProperties.class })
class BrokerConfiguration {

	@Bean
	CachingConnectionFactory rabbitConnectionFactory(BrokerProperties broker, RemoteProperties remote) {
		CachingConnectionFactory factory = new CachingConnectionFactory(broker.host(), broker.port());
		factory.setUsername(broker.username());
		factory.setPassword(broker.password());
		factory.setVirtualHost(broker.virtualHost());
		// visible in the broker's connection list: which role, for which queue
		factory.setConnectionNameStrategy((connectionFactory) -> "nightscore " + remote.role() + " " + remote.queue());
		return factory;
	}

	@Bean
	RabbitAdmin rabbitAdmin(CachingConnectionFactory rabbitConnectionFactory) {
		return new RabbitAdmin(rabbitConnectionFactory);
	}

	@Bean
	Queue partitionRequestQueue(RemoteProperties remote) {
		Map<String, Object> arguments = new HashMap<>();
		if (remote.consumerTimeout() != null) {
			arguments.put("x-consumer-timeout", remote.consumerTimeout().toMillis());
		}
		return new Queue(remote.queue(), true, false, false, arguments);
	}

}
