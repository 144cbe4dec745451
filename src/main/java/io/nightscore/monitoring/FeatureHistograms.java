package io.nightscore.monitoring;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.nightscore.input.CustomerBlock;
import io.nightscore.scoring.ScoredBlock;

/**
 * One histogram per model feature, binned against a run's reference edges, fed block by
 * block with the rows that are scored (rejected rows are left out). Encodes its counts as
 * a short string for a partition's execution context, so that a restarted partition goes
 * on counting from its last committed chunk. Not thread-safe: one per partition.
 */
public final class FeatureHistograms {

	private final ReferenceEdges edges;

	private final Histogram[] histograms;

	public FeatureHistograms(ReferenceEdges edges) {
		this.edges = edges;
		this.histograms = new Histogram[edges.featureNames().size()];
		for (int i = 0; i < this.histograms.length; i++) {
			this.histograms[i] = new Histogram(edges.featureEdges(i));
		}
	}

	/**
	 * Count the rows of a block that were scored (not rejected in {@code scored}): O(rows
	 * × features × log bins), no sort, no allocation.
	 */
	public void add(CustomerBlock block, ScoredBlock scored) {
		if (scored.rows() != block.rows()) {
			throw new IllegalArgumentException(
					"A scored block of " + scored.rows() + " rows for a block of " + block.rows());
		}
		for (int row = 0; row < block.rows(); row++) {
			if (scored.rejectReason(row) == null) {
				for (int feature = 0; feature < this.histograms.length; feature++) {
					this.histograms[feature].add(block.feature(row, feature));
				}
			}
		}
	}

	/**
	 * Count the rows of a block that its row check did not reject: O(rows × features ×
	 * log bins), no sort, no allocation.
	 */
	public void add(CustomerBlock block) {
		if (block.featureCount() != this.histograms.length) {
			throw new IllegalArgumentException(
					"A block of " + block.featureCount() + " features for " + this.histograms.length + " histograms");
		}
		for (int row = 0; row < block.rows(); row++) {
			if (block.rejectReason(row) == null) {
				for (int feature = 0; feature < this.histograms.length; feature++) {
					this.histograms[feature].add(block.feature(row, feature));
				}
			}
		}
	}

	/** Add another partition's counts to these. */
	public void merge(FeatureHistograms other) {
		for (int i = 0; i < this.histograms.length; i++) {
			this.histograms[i].merge(other.histograms[i]);
		}
	}

	/** The histograms by feature name, in the model's order. */
	public Map<String, Histogram> byFeature() {
		Map<String, Histogram> result = new LinkedHashMap<>();
		for (int i = 0; i < this.histograms.length; i++) {
			result.put(this.edges.featureNames().get(i), this.histograms[i]);
		}
		return result;
	}

	/** The counts as one line per feature, {@link Histogram#encode}. */
	public String encode() {
		List<String> lines = new ArrayList<>();
		for (Histogram histogram : this.histograms) {
			lines.add(histogram.encode());
		}
		return String.join("\n", lines);
	}

	/** Histograms over {@code edges} with the counts {@link #encode} wrote. */
	public static FeatureHistograms decode(ReferenceEdges edges, String encoded) {
		FeatureHistograms result = new FeatureHistograms(edges);
		String[] lines = encoded.split("\n", -1);
		if (lines.length != result.histograms.length) {
			throw new IllegalStateException(
					"Saved feature histograms have " + lines.length + " features, not " + result.histograms.length);
		}
		for (int i = 0; i < lines.length; i++) {
			result.histograms[i] = Histogram.decode(edges.featureEdges(i), lines[i]);
		}
		return result;
	}

}
