package io.nightscore.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/** The repository's Kubernetes manifests, read as YAML documents. */
final class Manifests {

	static final ObjectMapper yaml = new YAMLMapper();

	private Manifests() {
	}

	/** The documents of a manifest file, in order. */
	static List<JsonNode> read(String file) {
		try (var parser = yaml.createParser(Path.of(file).toFile())) {
			List<JsonNode> documents = new ArrayList<>();
			yaml.readValues(parser, JsonNode.class).forEachRemaining(documents::add);
			return documents;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
