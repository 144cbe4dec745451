package io.nightscore.job;

import javax.sql.DataSource;

import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.integration.partition.StepExecutionRequestHandler;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.amqp.dsl.Amqp;
import org.springframework.integration.dsl.IntegrationFlow;

/**
 * A worker ({@code nightscore worker}): consumes partition requests from the queue and
 * scores each with the very partition step a local run uses ({@code scorePartitionStep}:
 * read → check → score → COPY, one transaction per chunk with the reader's position).
 *
 * <p>
 * Each consumer takes one request at a time (prefetch 1) and acknowledges it only after
 * the partition ended, so the requests it has not started stay in the queue for other
 * workers, and a worker that dies gives its request back. A request that cannot even be
 * looked at (the database unreachable) is requeued; a message that is not a request is
 * acknowledged and logged, never requeued.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = RemoteProperties.ROLE, havingValue = RemoteProperties.WORKER)
class WorkerConfiguration {

	@Bean
	PartitionRequestHandler partitionRequestHandler(JobRepository jobRepository, DataSource dataSource,
			Step scorePartitionStep, RemoteProperties remote) {
		StepExecutionRequestHandler delegate = new StepExecutionRequestHandler();
		delegate.setJobRepository(jobRepository);
		delegate.setStepLocator((name) -> JobNames.SCORE_PARTITION_STEP.equals(name) ? scorePartitionStep : null);
		return new PartitionRequestHandler(jobRepository, dataSource, delegate, remote.queue());
	}

	@Bean
	SimpleMessageListenerContainer partitionRequestContainer(CachingConnectionFactory rabbitConnectionFactory,
			RemoteProperties remote) {
		SimpleMessageListenerContainer container = new SimpleMessageListenerContainer(rabbitConnectionFactory);
		container.setQueueNames(remote.queue());
		container.setConcurrentConsumers(remote.consumers());
		container.setPrefetchCount(1);
		container.setAcknowledgeMode(AcknowledgeMode.AUTO);
		container.setDefaultRequeueRejected(true);
		container.setShutdownTimeout(remote.shutdownTimeout().toMillis());
		container.setAutoStartup(false);
		return container;
	}

	@Bean
	IntegrationFlow partitionRequestsFromBroker(SimpleMessageListenerContainer partitionRequestContainer,
			PartitionRequestHandler partitionRequestHandler) {
		return IntegrationFlow.from(Amqp.inboundAdapter(partitionRequestContainer).autoStartup(false))
			.handle(Object.class, (body, headers) -> {
				partitionRequestHandler.handleMessage(body);
				return null;
			})
			.get();
	}

	@Bean
	PartitionWorker partitionWorker(SimpleMessageListenerContainer partitionRequestContainer,
			PartitionRequestHandler partitionRequestHandler, RemoteProperties remote, BrokerProperties broker) {
		return new PartitionWorker(partitionRequestContainer, partitionRequestHandler, remote, broker);
	}

}
