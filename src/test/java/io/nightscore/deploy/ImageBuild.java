package io.nightscore.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The image the image test runs, built once per test JVM: the build's own Debian base
 * (src/image/build-base-image.sh, cached outside target/), Jib's OCI tarball and its
 * layers unpacked into a root directory. {@link ImageBuildListener} starts it on a
 * background thread when a test run that includes {@link ImageIntegrationTests} begins,
 * so that the base image's debootstrap, minutes on a fresh machine, overlaps the other
 * integration tests; {@link #await()} waits for it, or builds it there when nothing
 * started it. Thread-safe.
 */
final class ImageBuild {

	/**
	 * Where the base image is cached between builds: {@code NIGHTSCORE_IMAGE_BASE_CACHE},
	 * default {@code ~/.cache/nightscore}.
	 */
	static final Path BASE = Path
		.of(System.getenv()
			.getOrDefault("NIGHTSCORE_IMAGE_BASE_CACHE", System.getProperty("user.home") + "/.cache/nightscore"))
		.resolve("base-bookworm-jre17-libgomp1.tar");

	static final Path WORK = Path.of("target", "image-test").toAbsolutePath();

	private static CompletableFuture<Built> build;

	private ImageBuild() {
	}

	/** The unpacked image and its root directory. */
	record Built(OciImage image, Path root) {
	}

	/** Start building the image on a background thread, unless that has started. */
	static synchronized void start() {
		if (build == null) {
			build = CompletableFuture.supplyAsync(ImageBuild::buildAndUnpack);
		}
	}

	/** The image, once built; fails with the build's own failure. */
	static Built await() {
		start();
		try {
			return build.join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			if (ex.getCause() instanceof Error error) {
				throw error;
			}
			throw ex;
		}
	}

	private static Built buildAndUnpack() {
		assertThat(Processes.run(List.of("id", "-u")).out().strip())
			.as("the image test unpacks layers and uses unshare/chroot: run it as root (CI does)")
			.isEqualTo("0");
		Processes.run(List.of("src/image/build-base-image.sh", BASE.toString()));
		List<String> mvn = new ArrayList<>(List.of("mvn", "-q", "-B", "jib:buildTar", "-Dimage.base=tar://" + BASE));
		if (System.getProperty("maven.repo.local") != null) {
			mvn.add("-Dmaven.repo.local=" + System.getProperty("maven.repo.local"));
		}
		Processes.run(mvn);
		OciImage image = OciImage.open(Path.of("target", "jib-image.tar"), WORK.resolve("oci"));
		Path root = WORK.resolve("root");
		image.unpackLayers(root);
		try {
			Files.createDirectories(root.resolve("data"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return new Built(image, root);
	}

}
