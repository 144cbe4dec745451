package io.nightscore.job;

import javax.sql.DataSource;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.integration.partition.RemotePartitioningManagerStepBuilder;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.amqp.dsl.Amqp;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.dsl.IntegrationFlow;

/**
 * The score step of a manager ({@code score --workers remote}): the same partitions as a
 * local run (the {@link InputPartitioner}'s row ranges, with {@code --partitions} as the
 * grid size), sent as requests to the workers' queue instead of run on threads. The
 * manager learns that partitions ended by polling the job repository, not from replies,
 * and gives up (the run fails restartable) after {@code nightscore.remote.timeout}.
 *
 * <p>
 * Requests go out on a transactional channel: once the step waits, every request is on
 * the broker, in a durable queue, as a persistent message.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = RemoteProperties.ROLE, havingValue = RemoteProperties.MANAGER)
class RemotePartitioningConfiguration {

	@Bean
	Step scoreInputStep(JobRepository jobRepository, Partitioner inputPartitioner, RemoteProperties remote,
			DataSource dataSource, DirectChannel partitionRequests) {
		return new RemotePartitioningManagerStepBuilder(JobNames.SCORE_STEP, jobRepository)
			.partitioner(JobNames.SCORE_PARTITION_STEP, inputPartitioner)
			.gridSize(remote.partitions())
			.outputChannel(partitionRequests)
			.pollInterval(remote.pollInterval().toMillis())
			.timeout(remote.timeout().toMillis())
			.aggregator(new WorkerFailureAggregator())
			.listener(new WorkerWatchdog(jobRepository, dataSource, remote))
			.build();
	}

	@Bean
	DirectChannel partitionRequests() {
		return new DirectChannel();
	}

	@Bean
	IntegrationFlow partitionRequestsToBroker(DirectChannel partitionRequests,
			CachingConnectionFactory rabbitConnectionFactory, RemoteProperties remote) {
		RabbitTemplate template = new RabbitTemplate(rabbitConnectionFactory);
		// each send commits on the broker before the next: no request is left in flight
		template.setChannelTransacted(true);
		return IntegrationFlow.from(partitionRequests)
			.transform(StepExecutionRequest.class, PartitionRequestCodec::encode)
			.handle(Amqp.outboundAdapter(template).routingKey(remote.queue()))
			.get();
	}

}
