package io.nightscore.deploy;

import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Starts the {@link ImageBuild} in the background when a test plan that includes
 * {@link ImageIntegrationTests} begins, and does nothing in any other. Registered in
 * {@code META-INF/services}. When one JVM runs every test class in one plan (an IDE, one
 * fork), the image test runs last (see its {@code @Order}), by when the build is usually
 * done; failsafe with several forks hands each JVM one class per plan, so the build then
 * starts with the image test's class while the other forks go on with theirs.
 */
public final class ImageBuildListener implements TestExecutionListener {

	@Override
	public void testPlanExecutionStarted(TestPlan plan) {
		if (includesImageTest(plan)) {
			ImageBuild.start();
		}
	}

	private static boolean includesImageTest(TestPlan plan) {
		for (TestIdentifier root : plan.getRoots()) {
			for (TestIdentifier test : plan.getDescendants(root)) {
				if (test.getSource().orElse(null) instanceof ClassSource source
						&& source.getClassName().equals(ImageIntegrationTests.class.getName())) {
					return true;
				}
			}
		}
		return false;
	}

}
