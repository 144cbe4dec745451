package io.nightscore.sampledata;

import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Tests for {@link ChurnDataGenerator}'s customers.
 */
class ChurnDataGeneratorTests {

	private static final int ROWS = 20_000;

	@Test
	void sameSeedGeneratesSameCustomers() {
		List<ChurnCustomer> first = new ChurnDataGenerator(42).customers(0, 500).toList();
		List<ChurnCustomer> second = new ChurnDataGenerator(42).customers(0, 500).toList();
		assertThat(second).isEqualTo(first);
	}

	@Test
	void differentSeedGeneratesDifferentCustomers() {
		ChurnCustomer first = new ChurnDataGenerator(42).customer(0);
		ChurnCustomer other = new ChurnDataGenerator(43).customer(0);
		assertThat(other.customerId()).isEqualTo(first.customerId());
		assertThat(other.features()).isNotEqualTo(first.features());
	}

	@Test
	void customerDependsOnlyOnSeedAndIndex() {
		ChurnDataGenerator generator = new ChurnDataGenerator(42);
		List<ChurnCustomer> range = generator.customers(1_000, 3).toList();
		assertThat(range).containsExactly(generator.customer(1_000), generator.customer(1_001),
				generator.customer(1_002));
	}

	@Test
	void customerIdsAreUniqueAndNumberedFromOne() {
		List<ChurnCustomer> customers = new ChurnDataGenerator(42).customers(0, 1_000).toList();
		assertThat(customers.get(0).customerId()).isEqualTo("C00000001");
		assertThat(customers.get(999).customerId()).isEqualTo("C00001000");
		assertThat(customers.stream().map(ChurnCustomer::customerId).collect(Collectors.toSet())).hasSize(1_000);
	}

	@Test
	void featureNamesAreTheNineteenSnakeCaseFeaturesWithoutIdStateOrLabel() {
		assertThat(ChurnDataGenerator.FEATURE_NAMES).hasSize(19)
			.doesNotHaveDuplicates()
			.allMatch((name) -> name.matches("[a-z][a-z0-9_]*"))
			.doesNotContain("customer_id", "state", "churned");
		assertThat(new ChurnDataGenerator(42).customer(0).features()).hasSize(19);
	}

	@Test
	void optionalColumnsHaveAboutOnePercentNullsAsNaN() {
		int[] nulls = new int[ChurnDataGenerator.FEATURE_NAMES.size()];
		new ChurnDataGenerator(42).customers(0, ROWS).forEach((customer) -> {
			for (int i = 0; i < nulls.length; i++) {
				nulls[i] += Float.isNaN(customer.features()[i]) ? 1 : 0;
			}
		});
		for (int i = 0; i < nulls.length; i++) {
			double expected = ChurnFeature.values()[i].optional() ? ChurnFeature.NULL_RATE : 0;
			assertThat((double) nulls[i] / ROWS).as(ChurnDataGenerator.FEATURE_NAMES.get(i))
				.isCloseTo(expected, within(0.003));
		}
	}

	@Test
	void aboutOneCustomerInFiveChurns() {
		long churned = new ChurnDataGenerator(42).customers(0, ROWS).filter(ChurnCustomer::churned).count();
		assertThat((double) churned / ROWS).isBetween(0.15, 0.25);
	}

	@Test
	void featuresAreConvertedAsXGBoostSeesThem() {
		SampledCustomer sampled = new CustomerSampler(42).sample(1);
		float[] features = sampled.features();
		double[] values = sampled.values();
		assertThat(features[ChurnFeature.MONTHLY_CHARGES.ordinal()])
			.isEqualTo(BigDecimal.valueOf((long) values[ChurnFeature.MONTHLY_CHARGES.ordinal()], 2).floatValue());
		assertThat(features[ChurnFeature.TOTAL_DAY_MINUTES.ordinal()])
			.isEqualTo((float) values[ChurnFeature.TOTAL_DAY_MINUTES.ordinal()]);
		assertThat(features[ChurnFeature.HAS_VOICEMAIL.ordinal()]).isIn(0f, 1f);
	}

}
