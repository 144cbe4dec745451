package io.nightscore.report;

import java.util.List;
import java.util.Locale;

/**
 * Draws the report's charts as inline SVG: overlaid histograms, stacked band shares and
 * horizontal bars. Every chart is one {@code <svg class="chart">} element with a title,
 * so that a browser, a screen reader and a test can tell what it shows. Stateless.
 */
final class Svg {

	static final String CURRENT = "#2563eb";

	static final String PREVIOUS = "#f59e0b";

	static final String REFERENCE = "#6b7280";

	static final String HIGH = "#dc2626";

	static final String MEDIUM = "#f59e0b";

	static final String LOW = "#16a34a";

	private static final int WIDTH = 720;

	private static final int LEFT = 48;

	private static final int RIGHT = 16;

	private Svg() {
	}

	/**
	 * Shares per bin: {@code series[0]} as bars, the others as step lines over them.
	 * @param labels one label per bin (every {@code labelEvery}-th is drawn)
	 * @param colors one colour per series; a {@code null} series is skipped
	 */
	static String histogram(String title, List<String> labels, int labelEvery, double[][] series, String[] colors) {
		int height = 220;
		int top = 12;
		int bottom = 36;
		int bins = labels.size();
		double max = 0.0001;
		for (double[] values : series) {
			if (values != null) {
				for (double value : values) {
					max = Math.max(max, value);
				}
			}
		}
		double plotWidth = WIDTH - LEFT - RIGHT;
		double plotHeight = height - top - bottom;
		double barWidth = plotWidth / bins;
		StringBuilder svg = open(title, height);
		axis(svg, max, top, plotHeight);
		for (int s = 0; s < series.length; s++) {
			double[] values = series[s];
			if (values == null) {
				continue;
			}
			if (s == 0) {
				for (int bin = 0; bin < bins; bin++) {
					double h = values[bin] / max * plotHeight;
					svg.append(rect(LEFT + bin * barWidth + 1, top + plotHeight - h, barWidth - 2, h, colors[s], 0.75,
							labels.get(bin) + ": " + percent(values[bin])));
				}
				continue;
			}
			StringBuilder path = new StringBuilder();
			for (int bin = 0; bin < bins; bin++) {
				double y = top + plotHeight - values[bin] / max * plotHeight;
				path.append((bin == 0) ? "M" : "L").append(fmt(LEFT + bin * barWidth)).append(',').append(fmt(y));
				path.append("L").append(fmt(LEFT + (bin + 1) * barWidth)).append(',').append(fmt(y));
			}
			svg.append("<path class=\"series\" d=\"")
				.append(path)
				.append("\" fill=\"none\" stroke=\"")
				.append(colors[s])
				.append("\" stroke-width=\"2.5\"")
				.append((s == 2) ? " stroke-dasharray=\"6 4\"" : "")
				.append("/>");
		}
		for (int bin = 0; bin < bins; bin += labelEvery) {
			svg.append(text(LEFT + bin * barWidth + barWidth / 2, height - bottom + 16, labels.get(bin), "middle"));
		}
		return svg.append("</svg>").toString();
	}

	/** One stacked bar of high / medium / low shares per week. */
	static String bandShares(String title, List<RunReport.WeekBands> weeks) {
		int height = 220;
		int top = 12;
		int bottom = 36;
		double plotHeight = height - top - bottom;
		double slot = (double) (WIDTH - LEFT - RIGHT) / Math.max(weeks.size(), 1);
		double barWidth = Math.min(56, slot * 0.7);
		StringBuilder svg = open(title, height);
		axis(svg, 1, top, plotHeight);
		for (int i = 0; i < weeks.size(); i++) {
			RunReport.WeekBands week = weeks.get(i);
			double x = LEFT + i * slot + (slot - barWidth) / 2;
			double y = top + plotHeight;
			double[] shares = { week.low(), week.medium(), week.high() };
			String[] colors = { LOW, MEDIUM, HIGH };
			String[] names = { "low", "medium", "high" };
			for (int b = 0; b < 3; b++) {
				double h = shares[b] * plotHeight;
				y -= h;
				svg.append(rect(x, y, barWidth, h, colors[b], 0.9,
						week.scoringDate() + " " + names[b] + ": " + percent(shares[b])));
			}
			svg.append(
					text(x + barWidth / 2, height - bottom + 16, week.scoringDate().toString().substring(5), "middle"));
			svg.append(text(x + barWidth / 2, top + plotHeight - week.low() * plotHeight - week.medium() * plotHeight
					- week.high() * plotHeight / 2 + 4, percent(week.high()), "middle", "#fff"));
		}
		return svg.append("</svg>").toString();
	}

	/** Horizontal bars, one per label, longest scale first as given. */
	static String bars(String title, List<String> labels, double[] values, String color, boolean asPercent) {
		int row = 22;
		int labelWidth = 230;
		int height = labels.size() * row + 12;
		double max = 0.0000001;
		for (double value : values) {
			max = Math.max(max, value);
		}
		double plotWidth = WIDTH - labelWidth - 90;
		StringBuilder svg = open(title, height);
		for (int i = 0; i < labels.size(); i++) {
			double y = 6 + i * row;
			double w = Math.max(1, values[i] / max * plotWidth);
			String value = asPercent ? percent(values[i]) : number(values[i]);
			svg.append(text(labelWidth - 8, y + 15, shorten(labels.get(i), 34), "end"));
			svg.append(rect(labelWidth, y + 3, w, row - 6, color, 0.85, labels.get(i) + ": " + value));
			svg.append(text(labelWidth + w + 6, y + 15, value, "start"));
		}
		return svg.append("</svg>").toString();
	}

	static String legend(String[] names, String[] colors) {
		StringBuilder html = new StringBuilder("<div class=\"legend\">");
		for (int i = 0; i < names.length; i++) {
			if (names[i] != null) {
				html.append("<span><i style=\"background:")
					.append(colors[i])
					.append("\"></i>")
					.append(escape(names[i]))
					.append("</span>");
			}
		}
		return html.append("</div>").toString();
	}

	static String percent(double share) {
		return String.format(Locale.ROOT, (share * 100 < 9.95 && share > 0) ? "%.1f %%" : "%.0f %%", share * 100);
	}

	static String number(double value) {
		return (Math.abs(value) >= 1000 || value == Math.rint(value)) ? String.format(Locale.ROOT, "%,.0f", value)
				: String.format(Locale.ROOT, "%.3g", value);
	}

	static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
	}

	private static StringBuilder open(String title, int height) {
		return new StringBuilder("<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"")
			.append(WIDTH)
			.append("\" height=\"")
			.append(height)
			.append("\" viewBox=\"0 0 ")
			.append(WIDTH)
			.append(' ')
			.append(height)
			.append("\"><title>")
			.append(escape(title))
			.append("</title>");
	}

	private static void axis(StringBuilder svg, double max, int top, double plotHeight) {
		for (int i = 0; i <= 4; i++) {
			double y = top + plotHeight - i * plotHeight / 4;
			svg.append("<line x1=\"")
				.append(LEFT)
				.append("\" x2=\"")
				.append(WIDTH - RIGHT)
				.append("\" y1=\"")
				.append(fmt(y))
				.append("\" y2=\"")
				.append(fmt(y))
				.append("\" stroke=\"#e5e7eb\"/>");
			svg.append(text(LEFT - 6, y + 4, percent(max * i / 4), "end"));
		}
	}

	private static String rect(double x, double y, double w, double h, String color, double opacity, String tip) {
		return "<rect x=\"" + fmt(x) + "\" y=\"" + fmt(y) + "\" width=\"" + fmt(Math.max(w, 0)) + "\" height=\""
				+ fmt(Math.max(h, 0)) + "\" fill=\"" + color + "\" fill-opacity=\"" + opacity + "\"><title>"
				+ escape(tip) + "</title></rect>";
	}

	private static String text(double x, double y, String text, String anchor) {
		return text(x, y, text, anchor, "#374151");
	}

	private static String text(double x, double y, String text, String anchor, String color) {
		return "<text x=\"" + fmt(x) + "\" y=\"" + fmt(y) + "\" text-anchor=\"" + anchor + "\" fill=\"" + color
				+ "\" font-size=\"11\">" + escape(text) + "</text>";
	}

	/** At most {@code length} code points: a cut never splits a surrogate pair. */
	private static String shorten(String text, int length) {
		return (text.codePointCount(0, text.length()) <= length) ? text
				: text.substring(0, text.offsetByCodePoints(0, length - 1)) + "…";
	}

	private static String fmt(double value) {
		return String.format(Locale.ROOT, "%.1f", value);
	}

}
