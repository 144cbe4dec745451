package io.nightscore.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * An OCI image tarball as Jib writes it ({@code oci-layout}, {@code index.json},
 * {@code blobs/sha256/…}), unpacked into a directory: its config (entrypoint, user,
 * environment, working directory) and its layers in order. Not thread-safe.
 */
final class OciImage {

	private static final ObjectMapper json = JsonMapper.builder().build();

	private final Path dir;

	private final JsonNode config;

	private final List<Path> layers;

	private OciImage(Path dir, JsonNode config, List<Path> layers) {
		this.dir = dir;
		this.config = config;
		this.layers = layers;
	}

	/** Unpack {@code tarball} into {@code dir} (emptied first) and read its index. */
	static OciImage open(Path tarball, Path dir) {
		Processes.run(List.of("rm", "-rf", dir.toString()));
		Processes.run(List.of("mkdir", "-p", dir.toString()));
		Processes.run(List.of("tar", "-xf", tarball.toString(), "-C", dir.toString()));
		JsonNode index = read(dir.resolve("index.json"));
		JsonNode manifest = read(blob(dir, index.get("manifests").get(0).get("digest").asString()));
		JsonNode config = read(blob(dir, manifest.get("config").get("digest").asString()));
		List<Path> layers = new ArrayList<>();
		manifest.get("layers").forEach((layer) -> layers.add(blob(dir, layer.get("digest").asString())));
		return new OciImage(dir, config, layers);
	}

	/**
	 * Extract every layer, in order, into {@code root} (emptied first), owners kept.
	 */
	void unpackLayers(Path root) {
		Processes.run(List.of("rm", "-rf", root.toString()));
		Processes.run(List.of("mkdir", "-p", root.toString()));
		for (Path layer : this.layers) {
			Processes.run(List.of("tar", "--numeric-owner", "-xzf", layer.toString(), "-C", root.toString()));
		}
	}

	List<String> entrypoint() {
		return strings(this.config.get("config").get("Entrypoint"));
	}

	List<String> cmd() {
		return strings(this.config.get("config").get("Cmd"));
	}

	String user() {
		return this.config.get("config").get("User").asString();
	}

	String workingDir() {
		return this.config.get("config").get("WorkingDir").asString();
	}

	/** The image's environment, {@code NAME=value} entries as a map. */
	Map<String, String> environment() {
		Map<String, String> environment = new LinkedHashMap<>();
		for (String entry : strings(this.config.get("config").get("Env"))) {
			int equals = entry.indexOf('=');
			environment.put(entry.substring(0, equals), entry.substring(equals + 1));
		}
		return environment;
	}

	Path dir() {
		return this.dir;
	}

	private static List<String> strings(JsonNode array) {
		List<String> strings = new ArrayList<>();
		if (array != null && !array.isNull()) {
			array.forEach((node) -> strings.add(node.asString()));
		}
		return strings;
	}

	private static Path blob(Path dir, String digest) {
		return dir.resolve("blobs").resolve("sha256").resolve(digest.substring("sha256:".length()));
	}

	private static JsonNode read(Path file) {
		try (InputStream in = Files.newInputStream(file)) {
			return json.readTree(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
