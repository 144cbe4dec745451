package io.nightscore.monitoring;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The bin edges a run counts its features and scores against, and where they come from:
 * the model's training profile, the previous published run, or (for the first run of a
 * model without a profile) a sample of the run's own input. Binning a run against the
 * same edges as what it is compared with is what makes the PSI comparable. Immutable.
 *
 * @param source what the edges come from, e.g. {@code training profile of model v1}
 * @param featureNames the model's features, in the model's order
 * @param features per feature, its edges
 * @param score the edges of the score distribution, empty to cut the run's own
 * distribution at its deciles
 */
public record ReferenceEdges(String source, List<String> featureNames, List<double[]> features, double[] score) {

	public ReferenceEdges {
		featureNames = List.copyOf(featureNames);
		features = List.copyOf(features);
		if (featureNames.size() != features.size()) {
			throw new IllegalArgumentException(featureNames.size() + " features, " + features.size() + " edge sets");
		}
	}

	double[] featureEdges(int feature) {
		return this.features.get(feature);
	}

	/**
	 * One line for the source, one for the score edges, then one per feature:
	 * {@code name<TAB>e1,e2,...}; a backslash, tab or newline in the source or a name (a
	 * model's feature names and version are anyone's text) is written {@code \\},
	 * {@code \t}, {@code \n}.
	 */
	public String encode() {
		List<String> lines = new ArrayList<>();
		lines.add(escape(this.source));
		lines.add(join(this.score));
		for (int i = 0; i < this.featureNames.size(); i++) {
			lines.add(escape(this.featureNames.get(i)) + "\t" + join(this.features.get(i)));
		}
		return String.join("\n", lines);
	}

	public static ReferenceEdges decode(String encoded) {
		String[] lines = encoded.split("\n", -1);
		List<String> names = new ArrayList<>();
		List<double[]> edges = new ArrayList<>();
		for (int i = 2; i < lines.length; i++) {
			int tab = lines[i].indexOf('\t');
			names.add(unescape(lines[i].substring(0, tab)));
			edges.add(split(lines[i].substring(tab + 1)));
		}
		return new ReferenceEdges(unescape(lines[0]), names, edges, split(lines[1]));
	}

	private static String escape(String text) {
		return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n");
	}

	private static String unescape(String text) {
		StringBuilder plain = new StringBuilder(text.length());
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '\\' && i + 1 < text.length()) {
				char escaped = text.charAt(++i);
				plain.append((escaped == 't') ? '\t' : (escaped == 'n') ? '\n' : escaped);
			}
			else {
				plain.append(c);
			}
		}
		return plain.toString();
	}

	private static String join(double[] values) {
		StringBuilder text = new StringBuilder();
		for (double value : values) {
			text.append((text.length() > 0) ? "," : "").append(value);
		}
		return text.toString();
	}

	private static double[] split(String text) {
		return text.isEmpty() ? new double[0]
				: Arrays.stream(text.split(",")).mapToDouble(Double::parseDouble).toArray();
	}

}
