package io.nightscore.job;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where RabbitMQ is, under Spring's usual {@code spring.rabbitmq.*} names: set from the
 * environment as {@code SPRING_RABBITMQ_HOST}, {@code _PORT}, {@code _USERNAME},
 * {@code _PASSWORD} (a Kubernetes Secret) and {@code _VIRTUAL_HOST}. The password is
 * never logged: {@link #toString()} leaves it out.
 *
 * @param host broker host, default {@code localhost}
 * @param port AMQP port, default 5672
 * @param username default {@code guest}
 * @param password default {@code guest}
 * @param virtualHost default {@code /}
 */
@ConfigurationProperties("spring.rabbitmq")
record BrokerProperties(String host, Integer port, String username, String password, String virtualHost) {

	BrokerProperties {
		host = (host != null && !host.isBlank()) ? host : "localhost";
		port = (port != null) ? port : 5672;
		username = (username != null) ? username : "guest";
		password = (password != null) ? password : "guest";
		virtualHost = (virtualHost != null && !virtualHost.isBlank()) ? virtualHost : "/";
	}

	@Override
	public String toString() {
		return "amqp://" + this.username + "@" + this.host + ":" + this.port + this.virtualHost;
	}

}
