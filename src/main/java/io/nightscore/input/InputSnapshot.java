package io.nightscore.input;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import tools.jackson.databind.json.JsonMapper;

/**
 * The run's input as it was when the run started: every file with its size, modification
 * time, entity tag (on object stores) and row groups. A restart refuses to resume over a
 * different snapshot, since that would silently mix two data sets. Immutable.
 */
public record InputSnapshot(List<InputFile> files) {

	public InputSnapshot {
		files = List.copyOf(files);
	}

	public long rows() {
		return this.files.stream().mapToLong(InputFile::rows).sum();
	}

	public String toJson() {
		return JsonMapper.shared().writeValueAsString(this);
	}

	public static InputSnapshot fromJson(String json) {
		return JsonMapper.shared().readValue(json, InputSnapshot.class);
	}

	/**
	 * What changed from {@code earlier} to this snapshot, one phrase per difference
	 * (files added, removed, resized, replaced or modified); empty when the input is the
	 * same.
	 */
	public List<String> changesSince(InputSnapshot earlier) {
		Map<String, InputFile> before = byPath(earlier.files);
		Map<String, InputFile> now = byPath(this.files);
		List<String> changes = new ArrayList<>();
		for (InputFile old : earlier.files) {
			InputFile current = now.get(old.path());
			if (current == null) {
				changes.add("removed " + old.path());
			}
			else if (old.etag() != null && current.etag() != null && !old.etag().equals(current.etag())) {
				changes.add(old.path() + " was replaced (ETag " + old.etag() + ", now " + current.etag() + ")");
			}
			else if (current.size() != old.size()) {
				changes.add(old.path() + " changed size from " + old.size() + " to " + current.size() + " bytes");
			}
			else if (current.modifiedAt() != old.modifiedAt()) {
				changes.add(old.path() + " was modified at " + Instant.ofEpochMilli(current.modifiedAt()));
			}
		}
		for (InputFile current : this.files) {
			if (!before.containsKey(current.path())) {
				changes.add("added " + current.path());
			}
		}
		return changes;
	}

	private static Map<String, InputFile> byPath(List<InputFile> files) {
		return files.stream().collect(Collectors.toMap(InputFile::path, Function.identity()));
	}

}
